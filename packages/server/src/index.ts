export { type AppDeps, createApp } from './app.js';
export { HttpError, ServerOptionsError, TokenFileError, toHttpError } from './errors.js';
export type { HandlerDeps, RouteModule, RouteSpec } from './http/route-module.js';
export { hostAllowlist, hostnameOf } from './http/security.js';
export { closeLogger, createLogger, LOG_FILE_NAME, type LoggerOptions } from './logger.js';
export {
  DURATION_BUCKETS,
  METRICS_PREFIX,
  type MetricsSources,
  outcomeOf,
  type RequestOutcome,
  ServerMetrics,
} from './metrics.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  isLoopbackHost,
  type LogLevel,
  parseByteSize,
  resolveServerOptions,
  type ServerConfig,
  type ServerOptions,
} from './options.js';
export { RegistrySync } from './registry-sync.js';
export { routeModules } from './routes/index.js';
export { createServer, type RunningServer } from './server.js';
export { type CreateOutcome, SessionService, type SessionServiceOptions } from './session-service.js';
export { ServerStats } from './stats.js';
export {
  bearerToken,
  loadOrCreateToken,
  rotateToken,
  type TokenResult,
  tokenMatches,
  tokenProblem,
} from './token.js';
export { SERVER_VERSION } from './version.js';
