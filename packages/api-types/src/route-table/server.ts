import * as h from '../health.js';
import * as l from '../live.js';
import type { RouteDefinition } from './definition.js';

/** The server's own routes: health, counters, metrics, the live sessions list and the dashboard's login codes. */
export const serverRoutes = {
  health: {
    method: 'GET',
    path: '/health',
    summary: 'Liveness and readiness of the server and its browsers',
    auth: false,
    success: { status: 200, schema: h.HealthResponseSchema },
    errors: [],
  },
  stats: {
    method: 'GET',
    path: '/stats',
    summary: 'Counters since start',
    auth: true,
    success: { status: 200, schema: h.StatsResponseSchema },
    errors: [],
  },
  metrics: {
    method: 'GET',
    path: '/metrics',
    summary:
      'Prometheus metrics: sessions, requests by route with latency histograms, queues, browsers, the Node process',
    description:
      'Prometheus text exposition format 0.0.4, made by prom-client. Token required, except that a server ' +
      'started with metricsOpenOnLoopback (mb-browser --metrics-open-on-loopback) answers a request without ' +
      'an Authorization header when it comes from a loopback address, names an allowed Host, carries no foreign ' +
      'Origin and no proxy headers (Forwarded, X-Forwarded-For).',
    auth: true,
    success: { status: 200, binary: 'text/plain' },
    errors: [],
  },
  events: {
    method: 'GET',
    path: '/events',
    summary:
      'Live sessions list: a text/event-stream with one `sessions` snapshot, then a `session` event per change and a `dialog` event per dialog a page showed',
    auth: true,
    success: {
      status: 200,
      binary: 'text/event-stream',
      events: {
        sessions: l.SessionsSnapshotEventSchema,
        session: l.SessionChangeEventSchema,
        dialog: l.SessionDialogEventSchema,
      },
    },
    errors: [],
  },
  createLoginCode: {
    method: 'POST',
    path: '/auth/codes',
    summary: 'A single-use, short-lived code that opens the dashboard without pasting the token',
    auth: true,
    body: l.LoginCodeRequestSchema,
    success: { status: 201, schema: l.LoginCodeResponseSchema },
    errors: [],
  },
  exchangeLoginCode: {
    method: 'POST',
    path: '/auth/exchange',
    summary: 'Exchange a login code for the API token (once, before it expires; 401 otherwise)',
    auth: false,
    body: l.LoginExchangeRequestSchema,
    success: { status: 200, schema: l.LoginExchangeResponseSchema },
    errors: ['unauthorized'],
  },
} as const satisfies Record<string, RouteDefinition>;
