/** Upper bounds (seconds) of the request duration histogram. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

export interface RouteTiming {
  count: number;
  sumSeconds: number;
  /** Cumulative counts per bucket of DURATION_BUCKETS. */
  buckets: number[];
}

/** Counters since start, shared by the app (requests), the session service and `/stats`, `/metrics`. */
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
  /** Requests by `route name` and status. */
  readonly responses = new Map<string, number>();
  readonly timings = new Map<string, RouteTiming>();

  get uptimeSeconds(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  recordRequest(route: string, status: number, seconds: number): void {
    this.requests++;
    if (status >= 400) this.errors++;
    const key = `${route}\u0000${status}`;
    this.responses.set(key, (this.responses.get(key) ?? 0) + 1);
    let timing = this.timings.get(route);
    if (!timing) {
      timing = { count: 0, sumSeconds: 0, buckets: DURATION_BUCKETS.map(() => 0) };
      this.timings.set(route, timing);
    }
    timing.count++;
    timing.sumSeconds += seconds;
    DURATION_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) timing.buckets[i] = (timing.buckets[i] ?? 0) + 1;
    });
  }
}
