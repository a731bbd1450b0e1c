// What an embedder or the daemon may pass to `createServer`: every option, its default and why it
// exists. Checked and given its defaults by resolveServerOptions (options.ts).
import type { AuthThrottleOptions } from './http/auth-throttle.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'http' | 'verbose' | 'debug' | 'silly';

/** Options of `createServer` — the daemon exposes each as a flag (`--max-sessions`, `--log-dir`, ...). */
export interface ServerOptions {
  /** Listen address (default 127.0.0.1). A non-loopback address requires auth. */
  host?: string;
  /** Listen port (default 9247; 0 picks a free one). */
  port?: number;
  /** MARKETBRIDGE_HOME (default `$MARKETBRIDGE_HOME`, else `~/.marketbridge`). */
  home?: string;
  /** Default `<home>/browser_sessions_registry.json`. */
  registryFile?: string;
  /** Default `<home>/screenshots`. */
  screenshotsDir?: string;
  /** Default `<home>/logs`. */
  logDir?: string;
  /** Where session state files go; default `<home>/playwright_sessions`. */
  stateDir?: string;
  /** Live sessions at most (default 20); creating more answers 429 too_many_sessions. */
  maxSessions?: number;
  /** Operations waiting per session at most (100); beyond → 503 `busy`. */
  maxQueuedOperations?: number;
  /** Close sessions idle longer than this (state kept), checked by the background loop. Default off. */
  maxIdleHours?: number;
  /**
   * Kept (inactive) sessions — deleted with keepState, or closed by idle cleanup — the registry holds
   * at most (default 100); beyond it the oldest by last activity are forgotten (record and state file).
   */
  maxKeptSessions?: number;
  /** Kept sessions idle longer than this are forgotten (default 720 = 30 days). Must exceed `maxIdleHours`. */
  keptSessionMaxAgeHours?: number;
  /** Connect to a Playwright browser server (`ws://...`) instead of launching browsers here. */
  browserEndpoint?: string;
  /**
   * Replace a session's browser context by a fresh one once it is this many minutes old (state saved,
   * same id, name and pages; in-page JavaScript state is lost). Default off.
   */
  recycleAfterMinutes?: number;
  /** Also recycle a context after this many operations. Default off. */
  recycleAfterOperations?: number;
  /** Allow file:, chrome:, view-source:, javascript: and data: URLs (default false). */
  allowFileUrls?: boolean;
  /**
   * Let CDP clients (Playwright's connectOverCDP, Puppeteer, DevTools) attach to Chromium sessions at
   * `ws://<server>/sessions/<id>/cdp` (default true). Chromium then also listens for DevTools on a
   * loopback port only this server connects to; false launches it without one.
   */
  cdp?: boolean;
  /**
   * Ready browser contexts (one blank page each) kept per browser kind in use, so a new session
   * without saved state, storage state, identity options or a viewport of its own starts at once
   * (default 1, at most 8; 0 turns it off). Each costs memory while it waits: see the README.
   */
  warmContexts?: number;
  /** False: no ready contexts (the same as warmContexts 0; `--no-warm`). Default true. */
  warm?: boolean;
  /**
   * Launch the default browser (Chromium, headless) and fill its ready contexts at start, in the
   * background, so the first new session waits for neither (`--no-prelaunch`). Default: on when the
   * warm pool is on. A browser that cannot start is a warning here; the first session reports it.
   */
  prelaunch?: boolean;
  /** Use this API token (written to the token file) instead of the generated one. At least 16 characters. */
  token?: string;
  /** Serve without a token. Refused unless the host is a loopback address. */
  noAuth?: boolean;
  /**
   * Let a scraper on this machine read `GET /metrics` without the token (default false): a request
   * without an Authorization header is answered when it comes from a loopback address and carries no
   * proxy headers (Forwarded, X-Forwarded-For); the Host and Origin checks apply as to every request.
   */
  metricsOpenOnLoopback?: boolean;
  /** Extra Host header names accepted besides localhost, 127.0.0.1, [::1] and `host`. */
  allowedHosts?: string[];
  /** Largest request body, bytes or a string such as "2mb" (default 2 MiB). */
  bodyLimit?: number | string;
  /**
   * Bound of one request, ms (default 60000, or operationTimeoutMs + 5 s if that is longer); a request
   * with its own `timeoutMs` gets that plus 5 s when longer. Past it the answer is 408 `timeout`.
   */
  requestTimeoutMs?: number;
  /** Browser binary (default: MB_BROWSER_EXECUTABLE, Playwright's cache, then the system's Chromium). */
  executablePath?: string;
  /** Default timeout of every browser operation, ms (30000). */
  operationTimeoutMs?: number;
  /** How often every session's state is saved, ms (30000). */
  saveIntervalMs?: number;
  /** Background loop period: browser health, registry refresh, idle cleanup (default 30000 ms). */
  backgroundIntervalMs?: number;
  /** Console log level, or false for no console output (default "info"). */
  consoleLogLevel?: LogLevel | false;
  /** Log file level (default "http": every request). */
  logLevel?: LogLevel;
  /** Rotate the log file at this size, bytes (default 10 MiB), keeping `logMaxFiles` files (default 5). */
  logMaxSize?: number;
  logMaxFiles?: number;
  /** Bound of `close()`, ms (default 15000). */
  shutdownTimeoutMs?: number;
  /**
   * Slowing of repeated 401s from one remote address (default: after 20 within a minute, each further
   * 401 waits 100 ms, doubling, at most 1.6 s; 1024 addresses remembered). `false` turns it off.
   */
  authThrottle?: false | Partial<AuthThrottleOptions>;
}
