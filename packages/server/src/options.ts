import {
  DEFAULT_OPERATION_TIMEOUT_MS,
  layerBoundMs,
  SESSION_START_TIMEOUT_MS,
} from '@marketbridge/api-types';
import { homeLayout, resolveHome } from '@marketbridge/api-types/home';
import { MAX_WARM_CONTEXTS } from '@marketbridge/browser-manager';
import { DEFAULT_RETENTION, RETENTION_LIMITS } from '@marketbridge/registry';
import { z } from 'zod';
import { ServerOptionsError } from './errors.js';
import { type AuthThrottleOptions, DEFAULT_AUTH_THROTTLE } from './http/auth-throttle.js';
import { tokenProblem } from './token.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 9247;
/** Ready contexts per browser kind a server keeps unless told otherwise. */
export const DEFAULT_WARM_CONTEXTS = 1;

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

export type LogLevel = 'error' | 'warn' | 'info' | 'http' | 'verbose' | 'debug' | 'silly';
const LogLevelSchema = z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']);

/** `ServerOptions` with every default applied and every path absolute. */
export interface ServerConfig {
  host: string;
  port: number;
  home: string;
  registryFile: string;
  screenshotsDir: string;
  logDir: string;
  stateDir: string;
  tokenFile: string;
  maxSessions: number;
  maxQueuedOperations: number;
  maxIdleHours: number | undefined;
  maxKeptSessions: number;
  keptSessionMaxAgeHours: number;
  browserEndpoint: string | undefined;
  recycleAfterMinutes: number | undefined;
  recycleAfterOperations: number | undefined;
  allowFileUrls: boolean;
  cdp: boolean;
  /** Ready contexts kept per browser kind in use; 0 is off. */
  warmContexts: number;
  /** The default browser and its ready contexts are made at start. */
  prelaunch: boolean;
  /** The explicit token, when one was given; the token in use is `createServer(...).token`. */
  token: string | undefined;
  noAuth: boolean;
  metricsOpenOnLoopback: boolean;
  allowedHosts: string[];
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  executablePath: string | undefined;
  operationTimeoutMs: number;
  saveIntervalMs: number;
  backgroundIntervalMs: number;
  consoleLogLevel: LogLevel | false;
  logLevel: LogLevel;
  logMaxSize: number;
  logMaxFiles: number;
  shutdownTimeoutMs: number;
  /** False: 401s are never delayed. */
  authThrottle: AuthThrottleOptions | false;
}

const positiveMs = z.int().min(1).max(86_400_000);
const OptionsSchema = z.strictObject({
  host: z.string().min(1).max(255).optional(),
  port: z.int().min(0).max(65_535).optional(),
  home: z.string().min(1).optional(),
  registryFile: z.string().min(1).optional(),
  screenshotsDir: z.string().min(1).optional(),
  logDir: z.string().min(1).optional(),
  stateDir: z.string().min(1).optional(),
  maxSessions: z.int().min(1).max(10_000).optional(),
  maxQueuedOperations: z.int().min(1).max(100_000).optional(),
  maxIdleHours: z.number().positive().max(87_600).optional(),
  // At least 1: the session just kept is the newest kept one (unless its last activity is older).
  maxKeptSessions: z.int().min(1).max(RETENTION_LIMITS.maxKept).optional(),
  keptSessionMaxAgeHours: z.number().positive().max(RETENTION_LIMITS.maxAgeHours).optional(),
  browserEndpoint: z
    .string()
    .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
    .optional(),
  allowFileUrls: z.boolean().optional(),
  cdp: z.boolean().optional(),
  warmContexts: z.int().min(0).max(MAX_WARM_CONTEXTS).optional(),
  warm: z.boolean().optional(),
  prelaunch: z.boolean().optional(),
  recycleAfterMinutes: z.number().min(0.01).max(525_600).optional(),
  recycleAfterOperations: z.int().min(1).max(1_000_000_000).optional(),
  token: z
    .string()
    .superRefine((token, ctx) => {
      const problem = tokenProblem(token);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  noAuth: z.boolean().optional(),
  metricsOpenOnLoopback: z.boolean().optional(),
  allowedHosts: z.array(z.string().min(1).max(255)).optional(),
  bodyLimit: z.union([z.int().min(1), z.string().min(1)]).optional(),
  requestTimeoutMs: positiveMs.optional(),
  executablePath: z.string().min(1).optional(),
  operationTimeoutMs: positiveMs.optional(),
  saveIntervalMs: z.int().min(0).optional(),
  backgroundIntervalMs: positiveMs.optional(),
  consoleLogLevel: z.union([LogLevelSchema, z.literal(false)]).optional(),
  logLevel: LogLevelSchema.optional(),
  logMaxSize: z.int().min(1024).optional(),
  logMaxFiles: z.int().min(1).max(1000).optional(),
  shutdownTimeoutMs: positiveMs.optional(),
  authThrottle: z
    .union([
      z.literal(false),
      z.strictObject({
        freeFailures: z.int().min(0).max(1_000_000).optional(),
        windowMs: positiveMs.optional(),
        firstDelayMs: z.int().min(0).max(10_000).optional(),
        maxDelayMs: z.int().min(0).max(10_000).optional(),
        maxAddresses: z.int().min(1).max(1_000_000).optional(),
      }),
    ])
    .optional(),
});

/** "2mb", "512kb", "100b", "1048576" → bytes. */
export function parseByteSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value);
  if (!match)
    throw new ServerOptionsError(`bodyLimit: "${value}" is not a size such as 2mb, 512kb or 1048576`);
  const units: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
  const bytes = Math.floor(Number(match[1]) * (units[(match[2] ?? 'b').toLowerCase()] ?? 1));
  if (bytes < 1) throw new ServerOptionsError(`bodyLimit: "${value}" is less than one byte`);
  return bytes;
}

/** True for names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Applies defaults and validates: every path absolute, sizes in bytes. `env` supplies
 * MARKETBRIDGE_HOME. Throws {@link ServerOptionsError} naming the bad option.
 */
export function resolveServerOptions(options: ServerOptions = {}, env = process.env): ServerConfig {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`);
    throw new ServerOptionsError(`Invalid server options: ${issues.join('; ')}`);
  }
  const o = parsed.data;
  const layout = homeLayout(resolveHome(o.home, env), {
    ...(o.registryFile ? { registryFile: o.registryFile } : {}),
    ...(o.stateDir ? { stateDir: o.stateDir } : {}),
    ...(o.screenshotsDir ? { screenshotsDir: o.screenshotsDir } : {}),
    ...(o.logDir ? { logDir: o.logDir } : {}),
  });
  const home = layout.home;
  const host = o.host ?? DEFAULT_HOST;
  const noAuth = o.noAuth ?? false;
  if (noAuth && o.token) throw new ServerOptionsError('Pass either token or noAuth, not both.');
  if (noAuth && !isLoopbackHost(host)) {
    throw new ServerOptionsError(
      `Refusing to serve without a token on ${host}: anyone who can reach that address could drive the browsers. ` +
        'Bind a loopback address (127.0.0.1) or drop noAuth (--no-auth).',
    );
  }
  if (o.warm === false && (o.warmContexts ?? 0) > 0)
    throw new ServerOptionsError(
      `Pass either warm: false (--no-warm) or warmContexts ${o.warmContexts} (--warm-contexts), not both.`,
    );
  const warmContexts = o.warm === false ? 0 : (o.warmContexts ?? DEFAULT_WARM_CONTEXTS);
  const keptSessionMaxAgeHours = o.keptSessionMaxAgeHours ?? DEFAULT_RETENTION.maxAgeHours;
  if (o.maxIdleHours !== undefined && o.maxIdleHours >= keptSessionMaxAgeHours) {
    throw new ServerOptionsError(
      `keptSessionMaxAgeHours (${keptSessionMaxAgeHours}) must be more than maxIdleHours (${o.maxIdleHours}): ` +
        'a session closed by idle cleanup would be forgotten, with its saved state, at once.',
    );
  }
  return {
    host,
    port: o.port ?? DEFAULT_PORT,
    home,
    registryFile: layout.registryFile,
    screenshotsDir: layout.screenshotsDir,
    logDir: layout.logDir,
    stateDir: layout.stateDir,
    tokenFile: layout.tokenFile,
    maxSessions: o.maxSessions ?? 20,
    maxQueuedOperations: o.maxQueuedOperations ?? 100,
    maxIdleHours: o.maxIdleHours,
    maxKeptSessions: o.maxKeptSessions ?? DEFAULT_RETENTION.maxKept,
    keptSessionMaxAgeHours,
    browserEndpoint: o.browserEndpoint,
    recycleAfterMinutes: o.recycleAfterMinutes,
    recycleAfterOperations: o.recycleAfterOperations,
    allowFileUrls: o.allowFileUrls ?? false,
    cdp: o.cdp ?? true,
    warmContexts,
    prelaunch: o.prelaunch ?? warmContexts > 0,
    token: o.token,
    noAuth,
    metricsOpenOnLoopback: o.metricsOpenOnLoopback ?? false,
    allowedHosts: (o.allowedHosts ?? []).map((h) => h.toLowerCase()),
    bodyLimitBytes: parseByteSize(o.bodyLimit ?? '2mb'),
    // Long enough for any operation at the configured default, and for a session's start.
    requestTimeoutMs:
      o.requestTimeoutMs ??
      Math.max(
        60_000,
        layerBoundMs('server', o.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS),
        layerBoundMs('server', SESSION_START_TIMEOUT_MS),
      ),
    executablePath: o.executablePath,
    operationTimeoutMs: o.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS,
    saveIntervalMs: o.saveIntervalMs ?? 30_000,
    backgroundIntervalMs: o.backgroundIntervalMs ?? 30_000,
    consoleLogLevel: o.consoleLogLevel ?? 'info',
    logLevel: o.logLevel ?? 'http',
    logMaxSize: o.logMaxSize ?? 10 * 1024 * 1024,
    logMaxFiles: o.logMaxFiles ?? 5,
    shutdownTimeoutMs: o.shutdownTimeoutMs ?? 15_000,
    authThrottle:
      o.authThrottle === false
        ? false
        : {
            ...DEFAULT_AUTH_THROTTLE,
            ...Object.fromEntries(Object.entries(o.authThrottle ?? {}).filter(([, v]) => v !== undefined)),
          },
  };
}
