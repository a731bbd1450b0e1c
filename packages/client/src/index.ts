export type {
  AddCookiesResponse,
  BrowserType,
  CdpTicketResponse,
  CdpVersionResponse,
  ClearCookiesQuery,
  ClearCookiesResponse,
  ConsoleEntry,
  Cookie,
  CookiesQuery,
  DeleteSessionResponse,
  DevtoolsLinkResponse,
  Download,
  ErrorCode,
  FrameEvent,
  HealthResponse,
  HistoryRequest,
  HistoryResponse,
  InputRequest,
  InputResponse,
  InteractAction,
  InteractRequest,
  LoginCodeRequest,
  LoginCodeResponse,
  NavigateRequest,
  NavigateResponse,
  PageInfo,
  PdfRequest,
  ScreenshotRequest,
  Session,
  SessionChangeEvent,
  SessionOptions,
  SessionStatus,
  SessionsEventType,
  SetCookie,
  SnapshotResponse,
  StatsResponse,
  StorageState,
  StorageStateResponse,
  Viewport,
  WaitRequest,
  WaitResponse,
} from '@marketbridge/api-types';
export {
  BrowserClient,
  type BrowserClientOptions,
  type CreateSessionOptions,
  type DashboardLink,
} from './browser-client.js';
export { DEFAULT_BASE_URL } from './config.js';
export {
  ApiError,
  ConnectionError,
  MarketBridgeError,
  ScriptError,
  SessionNotFoundError,
  TimeoutError,
} from './errors.js';
export type { Frame, FramesOptions } from './frames.js';
export type { LiveStream } from './live-stream.js';
export { SessionHandle } from './session-handle.js';
export type { SessionsStreamEvent } from './sessions-events.js';
export { type WithSessionOptions, withSession } from './with-session.js';
