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
import type { LogLevel, ServerOptions } from './server-options.js';
import { tokenProblem } from './token.js';

export type { LogLevel, ServerOptions } from './server-options.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 9247;
/** Ready contexts per browser kind a server keeps unless told otherwise. */
export const DEFAULT_WARM_CONTEXTS = 1;

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
