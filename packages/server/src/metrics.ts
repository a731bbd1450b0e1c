import type { BrowserManager, BrowserProcessUsage } from '@marketbridge/browser-manager';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ServerStats } from './stats.js';

/** The prefix of every metric the server exports, prom-client's Node process metrics included. */
export const METRICS_PREFIX = 'marketbridge_';

/** Upper bounds (seconds) of the request duration histogram. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/** How a request ended: by its status class, or `aborted` when the client left before the answer was sent. */
export type RequestOutcome = 'success' | 'client_error' | 'server_error' | 'aborted';

export function outcomeOf(status: number, aborted: boolean): RequestOutcome {
  if (aborted) return 'aborted';
  return status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : 'success';
}

/** What the metrics of live things are read from, once the app is built. */
export interface MetricsSources {
  manager: BrowserManager;
  /** Operations one session's queue may hold waiting (`maxQueuedOperations`). */
  queueLimit: number;
}

/** The statuses a live session can have; `inactive` sessions are the registry's, not counted here. */
const LIVE_STATUSES = ['active', 'crashed', 'restoring'] as const;

/**
 * A read shared by every metric of one scrape: the registry asks all its metrics at once, so those
 * that ask while a read is in flight get that read, and the next scrape reads again.
 */
function sharedWhileInFlight<T>(read: () => T | Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= Promise.resolve()
      .then(read)
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

/**
 * One server's Prometheus metrics, in a prom-client registry of its own (never the global one, so
 * several servers in one process do not collide). Counters of sessions are read from
 * {@link ServerStats} when scraped; requests are observed as they end; sessions, queues and browsers
 * are read from the manager when scraped.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'route' | 'status' | 'outcome'>;
  readonly #errors: Counter<'route' | 'code'>;
  readonly #durations: Histogram<'route' | 'outcome'>;
  #sources: MetricsSources | undefined;

  constructor(stats: ServerStats) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: METRICS_PREFIX });
    const name = (n: string) => `${METRICS_PREFIX}${n}`;
    const sources = () => this.#sources;

    new Gauge({
      name: name('up'),
      help: '1 while the server is serving, 0 while it shuts down.',
      registers,
      collect() {
        this.set(stats.closing ? 0 : 1);
      },
    });
    new Gauge({
      name: name('uptime_seconds'),
      help: 'Seconds since the server started.',
      registers,
      collect() {
        this.set(stats.uptimeSeconds);
      },
    });
    const counted: [string, string, () => number][] = [
      ['sessions_created_total', 'Sessions created (new or from saved state).', () => stats.sessionsCreated],
      [
        'sessions_restored_total',
        'Sessions brought back from saved state (at start, by create, after a crash).',
        () => stats.sessionsRestored,
      ],
      ['sessions_crashed_total', 'Session crashes (browser or page).', () => stats.sessionsCrashed],
      [
        'sessions_recycled_total',
        'Session contexts replaced by a fresh one (on the recycle schedule or asked for).',
        () => stats.sessionsRecycled,
      ],
      ['sessions_deleted_total', 'Sessions deleted or cleaned up.', () => stats.sessionsDeleted],
    ];
    for (const [metric, help, read] of counted) {
      new Counter({
        name: name(metric),
        help,
        registers,
        // The count lives in ServerStats (GET /stats reads it too): the counter takes it when scraped.
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    }

    new Gauge({
      name: name('sessions'),
      help: 'Live sessions by status.',
      labelNames: ['status'],
      registers,
      collect() {
        const sessions = sources()?.manager.listSessions() ?? [];
        for (const status of LIVE_STATUSES)
          this.set({ status }, sessions.filter((s) => s.status === status).length);
      },
    });
    const queueDepths = () => sources()?.manager.queueDepths() ?? [];
    new Gauge({
      name: name('queued_operations'),
      help: "Operations in the live sessions' queues (running or waiting), summed over the sessions.",
      registers,
      collect() {
        this.set(queueDepths().reduce((sum, depth) => sum + depth, 0));
      },
    });
    new Gauge({
      name: name('queued_operations_max'),
      help: 'Operations in the longest queue of one session (running or waiting).',
      registers,
      collect() {
        this.set(Math.max(0, ...queueDepths()));
      },
    });
    new Gauge({
      name: name('queued_operations_limit'),
      help: "Operations one session's queue may hold waiting besides the running one (maxQueuedOperations); past it requests answer 503 busy.",
      registers,
      collect() {
        const limit = sources()?.queueLimit;
        if (limit !== undefined) this.set(limit);
      },
    });

    const browsers = sharedWhileInFlight(async () => (await sources()?.manager.browsers()) ?? []);
    new Gauge({
      name: name('browsers'),
      help: 'Browsers by connection state.',
      labelNames: ['connected'],
      registers,
      async collect() {
        const all = await browsers();
        for (const connected of [true, false])
          this.set({ connected: String(connected) }, all.filter((b) => b.connected === connected).length);
      },
    });
    const processes = sharedWhileInFlight(() => sources()?.manager.browserProcesses() ?? []);
    const perBrowser = (metric: string, help: string, value: (p: BrowserProcessUsage) => number) =>
      new Gauge({
        name: name(metric),
        help,
        labelNames: ['pid'],
        registers,
        async collect() {
          this.reset();
          for (const usage of await processes()) this.set({ pid: String(usage.pid) }, value(usage));
        },
      });
    perBrowser(
      'browser_processes',
      'OS processes of each browser this server launched (its main process, renderers, GPU and utility processes), by main process id. Linux only; none for a remote browser.',
      (p) => p.processes,
    );
    perBrowser(
      'browser_resident_memory_bytes',
      "Resident memory of each browser's processes summed (shared pages count once per process, so this overstates), by main process id. Linux only.",
      (p) => p.rssBytes,
    );
    perBrowser(
      'browser_anonymous_memory_bytes',
      "Resident anonymous memory of each browser's processes summed (heaps and JavaScript, not files): close to what the browser costs, and what grows when pages leak. Linux only.",
      (p) => p.anonymousBytes,
    );

    this.#requests = new Counter({
      name: name('http_requests_total'),
      help: 'Requests by route (the route table name, never the path), status and outcome (success, client_error, server_error, aborted).',
      labelNames: ['route', 'status', 'outcome'],
      registers,
    });
    this.#errors = new Counter({
      name: name('http_errors_total'),
      help: 'Responses with a 4xx or 5xx status, by route and error code.',
      labelNames: ['route', 'code'],
      registers,
    });
    this.#durations = new Histogram({
      name: name('http_request_duration_seconds'),
      help: 'Request duration by route and outcome.',
      labelNames: ['route', 'outcome'],
      buckets: [...DURATION_BUCKETS],
      registers,
    });
  }

  /** Where the live metrics (sessions, queues, browsers) are read from; until then they read nothing. */
  observe(sources: MetricsSources): void {
    this.#sources = sources;
  }

  /** Counts one finished request. `route` is a route name: its values are bounded, unlike paths. */
  observeRequest(
    route: string,
    status: number,
    seconds: number,
    end: { aborted: boolean; code?: string },
  ): void {
    const outcome = outcomeOf(status, end.aborted);
    this.#requests.inc({ route, status: String(status), outcome });
    if (status >= 400) this.#errors.inc({ route, code: end.code ?? 'unknown' });
    this.#durations.observe({ route, outcome }, seconds);
  }

  /** The Prometheus text of every metric, and its content type. */
  async render(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
