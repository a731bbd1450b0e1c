export type {
  BrowserType,
  ConsoleEntry,
  DeleteSessionResponse,
  ErrorCode,
  HealthResponse,
  InteractAction,
  InteractRequest,
  NavigateRequest,
  NavigateResponse,
  ScreenshotRequest,
  Session,
  SessionStatus,
  StatsResponse,
  Viewport,
  WaitRequest,
  WaitResponse,
} from '@marketbridge/api-types';
export { BrowserClient, type BrowserClientOptions, type CreateSessionOptions } from './browser-client.js';
export { DEFAULT_BASE_URL } from './config.js';
export {
  ApiError,
  ConnectionError,
  MarketBridgeError,
  ScriptError,
  SessionNotFoundError,
  TimeoutError,
} from './errors.js';
export { SessionHandle } from './session-handle.js';
export { type WithSessionOptions, withSession } from './with-session.js';
