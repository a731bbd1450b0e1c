import type {
  BrowserType,
  ConsoleEntry,
  CreateSessionRequest,
  DialogPolicy,
  Session,
  SessionOptions,
  Viewport,
} from '@marketbridge/api-types';

export interface BrowserManagerOptions {
  /** MARKETBRIDGE_HOME; default `$MARKETBRIDGE_HOME` or `~/.marketbridge`. */
  home?: string;
  /** Where session state files go; default `<home>/playwright_sessions`. */
  stateDir?: string;
  /** Bytes of downloads kept per session (100 MiB); the oldest are removed past it. */
  maxDownloadBytes?: number;
  /** Browser binary; default found by `locateBrowser()`. */
  executablePath?: string;
  /** Connect to a Playwright browser server (`ws://...`) instead of launching browsers here. */
  browserEndpoint?: string;
  /** Default timeout of every browser operation, ms (30000). */
  defaultTimeoutMs?: number;
  /**
   * Operations waiting in one session's queue at most (100); one more fails at once with
   * SessionBusyError (`busy`, 503) instead of piling up behind a slow page.
   */
  maxQueuedOperations?: number;
  /**
   * Live sessions at most, those being opened included (default: no limit). One more create fails
   * with TooManySessionsError (`too_many_sessions`, 429); a create with `reuse` of a live name still works.
   */
  maxSessions?: number;
  /** How often every session's state is saved, ms (30000). 0 turns the periodic save off. */
  saveIntervalMs?: number;
  /** Allow file:, chrome:, view-source:, javascript: and data: URLs (default false). */
  allowFileUrls?: boolean;
  /** Console entries kept per session (200). */
  consoleBufferSize?: number;
  /**
   * Extra browser command-line arguments (Chromium). A `--disable-features` here is merged with
   * Playwright's own list and the manager's (Chromium honours only the last such switch).
   */
  launchArgs?: string[];
  /**
   * Launch Chromium without the browser UI pages a window preloads and automation never shows (the
   * WebUI omnibox popups): one renderer process less per session, ~30 MB (default true). Pages,
   * cookies and CDP clients see no difference; a headed window's address bar shows its native popup.
   */
  trimBrowserUi?: boolean;
  /** Kill browsers left behind by a dead owner process at start (default true). */
  reapOrphans?: boolean;
  /**
   * Browser contexts grow over a long life. Past this age, ms, a session's context is replaced by a
   * fresh one between two operations: state saved, the same pages reopened, same id and name
   * (default 0: never). In-page JavaScript state and sessionStorage do not survive it.
   */
  recycleAfterMs?: number;
  /** Also recycle a context once it has run this many operations (default 0: never). */
  recycleAfterOperations?: number;
  /**
   * Launch Chromium with a DevTools port on loopback so CDP clients can attach to sessions through the
   * server's proxy (default true). Off: `devtoolsTarget()` fails with CdpUnavailableError.
   */
  cdp?: boolean;
  /**
   * Ready contexts (one blank page each) kept per browser kind in use, so a new session without saved
   * state, storage state, identity options or a viewport of its own skips newContext() + newPage()
   * (default 0: off; at most 8). Each costs memory while it waits (see the README); a take refills in
   * the background, and a context is never handed out twice nor after its browser went away.
   */
  warmContexts?: number;
}

/** What the server's CDP proxy needs to let one client into one session, and no further. */
export interface DevToolsTarget {
  /** The browser's own DevTools WebSocket (loopback, no auth): only the proxy connects to it. */
  browserWsUrl: string;
  /** The CDP id of the session's browser context: the only context the client may see. */
  browserContextId: string;
}

export type RecycleReason = 'age' | 'operations' | 'requested';

export interface CreateSessionOptions extends CreateSessionRequest {
  /** Keep this id (used when restoring what a registry lists); default: the saved id, or a new one. */
  id?: string;
  timeoutMs?: number;
  /** Open these URLs (a clone's pages) instead of the saved ones. */
  pages?: string[];
}

export interface CloneSessionOptions {
  /** The new session's name: no live session may have it. */
  name: string;
  /** Open the original's page URLs in the clone (default: one blank page). */
  withPages?: boolean;
  /** Keep this id (default: a new one). */
  id?: string;
  timeoutMs?: number;
}

export interface CreateSessionResult {
  session: Session;
  /** False when `reuse` returned a live session. */
  created: boolean;
  /** True when saved state (cookies, localStorage, pages) was loaded. */
  restored: boolean;
}

export interface CloseSessionOptions {
  /** Keep the saved state so the name can be brought back later (default false). */
  keepState?: boolean;
}

export interface SessionEvent {
  session: Session;
}

export interface BrowserManagerEvents {
  'session-created': [SessionEvent & { restored: boolean }];
  'session-crashed': [SessionEvent & { reason: 'browser-disconnected' | 'page-crashed' }];
  /** A crashed session is being brought back in a fresh context. */
  'session-restoring': [SessionEvent & { reason: 'browser-disconnected' | 'page-crashed' }];
  'session-restored': [SessionEvent & { reason: 'browser-disconnected' | 'page-crashed' }];
  'session-closed': [SessionEvent & { stateKept: boolean }];
  /** The session's context was replaced by a fresh one (same id, name, state and pages). */
  'session-recycled': [SessionEvent & { reason: RecycleReason; durationMs: number }];
  /** URL, title, page count or activity changed. */
  'session-updated': [SessionEvent];
  console: [{ sessionId: string; entry: ConsoleEntry }];
  warning: [{ message: string; error?: unknown }];
  'browser-launched': [{ browserType: BrowserType; headless: boolean }];
}

/** What a session is, independent of its browser: kept across crashes and restarts. */
export interface SessionIdentity {
  id: string;
  name: string;
  browserType: BrowserType;
  headless: boolean;
  viewport: Viewport;
  metadata: Record<string, unknown>;
  createdAt: string;
  /** How page dialogs are answered; absent: dismissed. */
  dialogs?: DialogPolicy | undefined;
  /**
   * The identity options (user agent, locale, proxy, ...) every context of the session is made with;
   * in memory with their secrets (the state store keeps those apart; `info()` redacts them).
   */
  options?: SessionOptions | undefined;
}
