export { BrowserPool } from './browser-pool.js';
export * from './errors.js';
export { type LocatedBrowser, locateBrowser } from './locate-browser.js';
export { BrowserManager, DEFAULT_VIEWPORT, defaultHome } from './manager.js';
export {
  type BrowserProcessUsage,
  isAlive,
  listMarkedBrowsers,
  processTreeUsage,
  reapOrphanedBrowsers,
} from './processes.js';
export type {
  FrameListener,
  ScreencastFrame,
  ScreencastOptions,
  ScreencastSubscription,
} from './screencast.js';
export type { SaveStats } from './state-saver.js';
export { type SavedSession, type SessionSnapshot, StateStore } from './state-store.js';
export type * from './types.js';
export { checkNavigableUrl } from './url-policy.js';
export { MAX_WARM_CONTEXTS, type WarmPoolStats } from './warm-pool.js';
