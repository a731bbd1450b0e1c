import type { NextFunction, Request, Response } from 'express';
import type winston from 'winston';
import type { ServerStats } from '../stats.js';

/**
 * Logs every request when its response is done — method, path (no query), status, duration, the
 * session it was about — and counts it. Successful requests log at `http`, client errors at `info`,
 * server errors at `warn`. Headers and bodies are never logged (they carry the token and scripts).
 */
export function requestLog(logger: winston.Logger, stats: ServerStats) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    const path = req.path;
    res.on('close', () => {
      const ms = performance.now() - started;
      const status = res.statusCode;
      const route = (res.locals.routeName as string | undefined) ?? 'unmatched';
      const aborted = !res.writableFinished;
      const code = res.locals.errorCode as string | undefined;
      stats.recordRequest(route, status, ms / 1000, { aborted, ...(code ? { code } : {}) });
      const session = res.locals.session as { id: string; name: string } | undefined;
      const level = status >= 500 ? 'warn' : status >= 400 ? 'info' : 'http';
      if (!logger.isLevelEnabled(level)) return;
      logger.log(level, `${req.method} ${path} ${status} ${ms.toFixed(1)} ms`, {
        method: req.method,
        path,
        status,
        durationMs: Math.round(ms * 10) / 10,
        ...(session ? { sessionId: session.id, sessionName: session.name } : {}),
        ...(code ? { code } : {}),
        ...(aborted ? { aborted: true } : {}),
      });
    });
    next();
  };
}
