import { ServerMetrics } from './metrics.js';

/**
 * Counters since start, shared by the app (requests), the session service and `/stats`; `/metrics`
 * reads them, with everything else it exports, through {@link ServerStats.metrics}.
 */
export class ServerStats {
  readonly startedAt = Date.now();
  sessionsCreated = 0;
  sessionsRestored = 0;
  sessionsCrashed = 0;
  sessionsRecycled = 0;
  sessionsDeleted = 0;
  requests = 0;
  /** Responses with a 4xx or 5xx status. */
  errors = 0;
  /** Set once `close()` has begun; `/health` then answers unhealthy. */
  closing = false;
  /** This server's Prometheus metrics (a prom-client registry of its own); GET /metrics renders them. */
  readonly metrics = new ServerMetrics(this);

  get uptimeSeconds(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  /** Counts a finished request; `code` is the error code it answered with, if any. */
  recordRequest(
    route: string,
    status: number,
    seconds: number,
    end: { aborted: boolean; code?: string },
  ): void {
    this.requests++;
    if (status >= 400) this.errors++;
    this.metrics.observeRequest(route, status, seconds, end);
  }
}
