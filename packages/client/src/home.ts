// Node-only: where the daemon keeps its files (`MARKETBRIDGE_HOME`), for code that goes through the
// client only. The layout itself is owned by @marketbridge/api-types/home.
export {
  expandHome,
  HOME_ENV_VAR,
  type HomeLayout,
  homeLayout,
  resolveHome,
} from '@marketbridge/api-types/home';
