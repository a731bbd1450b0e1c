import type { BrowserInfo, Session } from '@marketbridge/api-types';
import { DURATION_BUCKETS, type ServerStats } from './stats.js';

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Prometheus text exposition (version 0.0.4) of the server's counters, sessions and browsers. */
export function renderMetrics(stats: ServerStats, sessions: Session[], browsers: BrowserInfo[]): string {
  const out: string[] = [];
  const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) out.push(`${name}${labels} ${value}`);
  };
  metric('marketbridge_up', 'gauge', '1 while the server is serving, 0 while it shuts down.', [
    ['', stats.closing ? 0 : 1],
  ]);
  metric('marketbridge_uptime_seconds', 'gauge', 'Seconds since the server started.', [
    ['', Math.round(stats.uptimeSeconds)],
  ]);
  const counters: [string, string, number][] = [
    [
      'marketbridge_sessions_created_total',
      'Sessions created (new or from saved state).',
      stats.sessionsCreated,
    ],
    [
      'marketbridge_sessions_restored_total',
      'Sessions brought back from saved state (at start, by create, after a crash).',
      stats.sessionsRestored,
    ],
    ['marketbridge_sessions_crashed_total', 'Session crashes (browser or page).', stats.sessionsCrashed],
    [
      'marketbridge_sessions_recycled_total',
      'Session contexts replaced by a fresh one on the recycle schedule.',
      stats.sessionsRecycled,
    ],
    ['marketbridge_sessions_deleted_total', 'Sessions deleted or cleaned up.', stats.sessionsDeleted],
    ['marketbridge_http_errors_total', 'Responses with a 4xx or 5xx status.', stats.errors],
  ];
  for (const [name, help, value] of counters) metric(name, 'counter', help, [['', value]]);
  const byStatus = new Map<string, number>();
  for (const s of sessions) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  metric(
    'marketbridge_sessions',
    'gauge',
    'Live sessions by status.',
    ['active', 'crashed', 'restoring'].map((status) => [`{status="${status}"}`, byStatus.get(status) ?? 0]),
  );
  metric(
    'marketbridge_browsers',
    'gauge',
    'Browsers by connection state.',
    [true, false].map((connected) => [
      `{connected="${connected}"}`,
      browsers.filter((b) => b.connected === connected).length,
    ]),
  );
  metric(
    'marketbridge_http_requests_total',
    'counter',
    'Requests by route and status.',
    [...stats.responses].map(([key, count]) => {
      const [route, status] = key.split('\u0000') as [string, string];
      return [`{route="${escapeLabel(route)}",status="${status}"}`, count];
    }),
  );
  const histogram: [string, number][] = [];
  for (const [route, t] of stats.timings) {
    const r = escapeLabel(route);
    DURATION_BUCKETS.forEach((bound, i) => {
      histogram.push([`_bucket{route="${r}",le="${bound}"}`, t.buckets[i] ?? 0]);
    });
    histogram.push([`_bucket{route="${r}",le="+Inf"}`, t.count]);
    histogram.push([`_sum{route="${r}"}`, Number(t.sumSeconds.toFixed(6))]);
    histogram.push([`_count{route="${r}"}`, t.count]);
  }
  metric('marketbridge_http_request_duration_seconds', 'histogram', 'Request duration by route.', histogram);
  const memory = process.memoryUsage();
  metric('process_resident_memory_bytes', 'gauge', 'Resident memory of the server process.', [
    ['', memory.rss],
  ]);
  metric('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use.', [['', memory.heapUsed]]);
  return `${out.join('\n')}\n`;
}
