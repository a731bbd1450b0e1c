import { layerBoundMs, operationBudgetMs, routes } from '@marketbridge/api-types';
import type { BrowserManager } from '@marketbridge/browser-manager';
import type { SessionRegistry } from '@marketbridge/registry';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type winston from 'winston';
import { CdpTickets } from './cdp/cdp-tickets.js';
import { HttpError, toHttpError } from './errors.js';
import { AuthThrottle } from './http/auth-throttle.js';
import { jsonBody } from './http/json-body.js';
import { requestLog } from './http/request-log.js';
import type { HandlerDeps, HandlerResult, RouteModule, RouteSpec } from './http/route-module.js';
import { hostAllowlist, hostGuard, loopbackScrape, originGuard, requireToken } from './http/security.js';
import { validateRequest } from './http/validate.js';
import { LiveHub } from './live-hub.js';
import { silentLogger } from './logger.js';
import { LoginCodes } from './login-codes.js';
import type { ServerConfig } from './options.js';
import { routeModules } from './routes/index.js';
import { SessionService } from './session-service.js';
import { ServerStats } from './stats.js';
import { SERVER_VERSION } from './version.js';

/** What `createApp` builds the API from; everything is constructed by the caller. */
export interface AppDeps {
  manager: BrowserManager;
  registry: SessionRegistry;
  config: ServerConfig;
  /** The token every request but /health and /openapi.json must carry; required unless `config.noAuth`. */
  token?: string;
  logger?: winston.Logger;
  stats?: ServerStats;
  /** Built from manager + registry when absent (it follows the manager's events from then on). */
  sessions?: SessionService;
  /** Requests wait for this before they are handled (createServer: until saved sessions are restored). */
  ready?: Promise<void>;
  /** The live streams; pass one to end them on shutdown (`live.closeAll()`). Built when absent. */
  live?: LiveHub;
  /** Dashboard login codes; built when absent. */
  loginCodes?: LoginCodes;
  /** CDP tickets; pass the ones the WebSocket gateway redeems (createServer does). Built when absent. */
  cdpTickets?: CdpTickets;
  /** The slowing of repeated 401s; built from `config.authThrottle` when absent (none when that is false). */
  authThrottle?: AuthThrottle;
}

/**
 * The bound of one request: the configured one, or longer when the request gives the browser its own
 * `timeoutMs` (or a fixed wait of `ms`) — the browser-side timeout answers first, this is the backstop.
 */
function requestBoundMs(config: ServerConfig, body: unknown): number {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { timeoutMs?: unknown; ms?: unknown };
  const input = {
    ...(typeof b.timeoutMs === 'number' ? { timeoutMs: b.timeoutMs } : {}),
    ...(typeof b.ms === 'number' ? { ms: b.ms } : {}),
  };
  if (input.timeoutMs === undefined && input.ms === undefined) return config.requestTimeoutMs;
  return Math.max(config.requestTimeoutMs, layerBoundMs('server', operationBudgetMs(input)));
}

function send(res: Response, result: HandlerResult, defaultStatus: number): void {
  if ('streamed' in result) return;
  res.status(result.status ?? defaultStatus);
  for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
  if ('json' in result) sendJson(res, result.json);
  else if ('bytes' in result) res.type(result.contentType).send(result.bytes);
  else res.type(result.contentType).send(result.text);
}

/**
 * What `res.json` sends (no app-level JSON settings are used), without its per-response content-type
 * parse and format, ETag and freshness steps. A status without a body (204, 304) is left to Express.
 */
function sendJson(res: Response, value: unknown): void {
  const body = JSON.stringify(value);
  if (typeof body !== 'string' || res.statusCode === 204 || res.statusCode === 304) {
    res.json(value);
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

function mount(app: Express, module: RouteModule<RouteSpec>, deps: HandlerDeps): void {
  const { route } = module;
  const handlers: express.RequestHandler[] = [
    (_req, res, next) => {
      res.locals.routeName = module.name;
      next();
    },
  ];
  if (route.body) handlers.push(jsonBody(deps.config.bodyLimitBytes));
  handlers.push(async (req, res, next) => {
    try {
      const { params, query, body } = validateRequest(route, req);
      const bound = requestBoundMs(deps.config, body);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new HttpError('timeout', `The request did not finish within ${bound} ms.`)),
          bound,
        );
      });
      try {
        const work = module.handle({ params, query, body, deps, req, res });
        work.catch(() => undefined); // it may settle after the timeout answered
        const result = await Promise.race([work, timedOut]);
        if (!res.headersSent) send(res, result, route.success.status);
      } finally {
        clearTimeout(timer);
      }
    } catch (error) {
      next(error);
    }
  });
  const method = route.method.toLowerCase() as 'get' | 'post' | 'delete';
  app[method](route.path, ...handlers);
}

/** 405 with `Allow` for a known path asked with another method. */
function methodNotAllowed(allowed: string[]) {
  const allow = [...new Set(allowed.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])))].join(', ');
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.routeName ??= 'method_not_allowed';
    res.setHeader('Allow', allow);
    next(new HttpError('method_not_allowed', `${req.method} is not allowed here; use ${allow}.`));
  };
}

/**
 * Builds the Express app of the HTTP API from already-constructed parts. It does not listen:
 * `createServer` (or your own `http.createServer(app)`) does.
 */
export function createApp(deps: AppDeps): Express {
  const { config } = deps;
  if (!config.noAuth && !deps.token) {
    throw new Error('createApp: a token is required unless config.noAuth is set');
  }
  const logger = deps.logger ?? silentLogger();
  const throttle =
    deps.authThrottle ?? (config.authThrottle ? new AuthThrottle(config.authThrottle) : undefined);
  const stats = deps.stats ?? new ServerStats();
  stats.metrics.observe({ manager: deps.manager, queueLimit: config.maxQueuedOperations });
  const sessions =
    deps.sessions ??
    new SessionService({
      manager: deps.manager,
      registry: deps.registry,
      logger,
      stats,
      stateDir: config.stateDir,
    });
  const handlerDeps: HandlerDeps = {
    manager: deps.manager,
    registry: deps.registry,
    sessions,
    config,
    stats,
    logger,
    version: SERVER_VERSION,
    live: deps.live ?? new LiveHub(),
    loginCodes: deps.loginCodes ?? new LoginCodes(),
    cdpTickets: deps.cdpTickets ?? new CdpTickets(),
    token: config.noAuth ? undefined : deps.token,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestLog(logger, stats));
  app.use((_req, res, next) => {
    // No CORS headers at all: browsers keep other sites' pages from reading any answer.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  const allowed = hostAllowlist(config.host, config.allowedHosts);
  app.use(hostGuard(allowed));
  app.use(originGuard(allowed));
  if (deps.ready) {
    const ready = deps.ready;
    app.use((_req, _res, next) => {
      ready.then(
        () => next(),
        () => next(new HttpError('browser_unavailable', 'The server failed to start.')),
      );
    });
  }
  if (!config.noAuth && deps.token) {
    const openPaths = routeModules.filter((m) => !m.route.auth).map((m) => m.route.path);
    // `/devtools/*path` is open below its prefix (Chromium's static DevTools files).
    const openPrefixes = openPaths.filter((p) => p.includes('/*')).map((p) => p.slice(0, p.indexOf('*')));
    const open = new Set(openPaths);
    const scrape = config.metricsOpenOnLoopback ? loopbackScrape(routes.metrics.path) : () => false;
    app.use(
      requireToken(
        deps.token,
        (req) => open.has(req.path) || openPrefixes.some((p) => req.path.startsWith(p)) || scrape(req),
      ),
    );
  }

  for (const module of routeModules) mount(app, module, handlerDeps);
  const methodsByPath = new Map<string, string[]>();
  for (const { route } of routeModules) {
    methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
  }
  for (const [path, methods] of methodsByPath) app.all(path, methodNotAllowed(methods));

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new HttpError('not_found', `No route ${req.method} ${req.path}. GET /openapi.json lists the API.`));
  });

  // Express recognises an error handler by its four parameters.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const http = toHttpError(error);
    res.locals.errorCode = http.code;
    if (http.status >= 500 && http.code === 'internal_error') {
      logger.error(`${req.method} ${req.path} failed`, {
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    // A full queue or session cap drains by itself: say when to try again.
    if (http.code === 'busy' || http.code === 'too_many_sessions') res.setHeader('Retry-After', '1');
    const answer = () => {
      if (!res.headersSent && !res.destroyed) res.status(http.status).json(http.body());
    };
    // A wrong token or login code, again and again from one address: its 401s come slowly.
    const failure =
      http.code === 'unauthorized' && throttle
        ? throttle.failure(req.socket.remoteAddress ?? 'unknown')
        : undefined;
    if (!failure || failure.delayMs === 0) {
      answer();
      return;
    }
    if (failure.failures === (throttle as AuthThrottle).options.freeFailures + 1) {
      logger.warn(
        `${failure.failures} failed authentications from ${req.socket.remoteAddress ?? 'an unknown address'} within a window: its 401s are now answered slowly`,
      );
    }
    res.setHeader('X-Auth-Delay-Ms', String(failure.delayMs));
    setTimeout(answer, failure.delayMs).unref();
  });

  return app;
}
