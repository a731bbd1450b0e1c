import type { z } from 'zod';
import * as a from './actions.js';
import * as c from './cdp.js';
import * as d from './downloads.js';
import type { ErrorCode } from './errors.js';
import * as h from './health.js';
import * as l from './live.js';
import * as pg from './pages.js';
import * as s from './sessions.js';
import * as st from './storage.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RouteDefinition {
  method: HttpMethod;
  /** Express-style path (`/sessions/:id`). */
  path: string;
  summary: string;
  /** More than the summary says, where a route needs it (OpenAPI `description`). */
  description?: string;
  /** False only for routes open without a token. */
  auth: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * Success status and body. `binary` routes answer with bytes of that media type instead of JSON
   * (images; `text/event-stream` for the live streams, whose event data `events` describes).
   */
  success: {
    status: 200 | 201;
    schema?: z.ZodType;
    binary?: string;
    events?: Record<string, z.ZodType>;
    /**
     * Every media type a binary answer may have, when there is more than `binary` (the default one):
     * media type → when it is sent.
     */
    binaryTypes?: Readonly<Record<string, string>>;
    /** Other success statuses with the same body: status → when it is answered (201 vs 200 for reuse). */
    alsoStatus?: Readonly<Partial<Record<200 | 201, string>>>;
  };
  /**
   * The error codes the route's own work can answer with. The codes every request can get from the
   * layers in front of it (host/origin guard, token check, body parsing, validation, the request
   * bound) are not listed here: `routeResponses` adds them from `auth` and `body`.
   */
  errors: readonly ErrorCode[];
}

/** What any operation on a live session may answer besides its own failures (`requireLive`, the session queue). */
const liveSession = [
  'session_not_found',
  'page_not_found',
  'session_inactive',
  'session_unavailable',
  'busy',
  'timeout',
  'browser_unavailable',
  'registry_unavailable',
] as const satisfies readonly ErrorCode[];

const byId = { params: s.SessionIdParamsSchema };

/** The HTTP API, one entry per route. Both the server's validation and the client's types come from here. */
export const routes = {
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
  createSession: {
    method: 'POST',
    path: '/sessions',
    summary: 'Create a named session, or with reuse get the live one of that name (200)',
    auth: true,
    body: s.CreateSessionRequestSchema,
    success: {
      status: 201,
      schema: s.SessionSchema,
      alsoStatus: { 200: 'With reuse: true, the live session of that name (nothing was created)' },
    },
    errors: [
      'name_taken',
      'too_many_sessions',
      'unsupported_option',
      'url_not_allowed',
      'navigation_failed',
      'timeout',
      'browser_unavailable',
      'session_unavailable',
      'registry_unavailable',
    ],
  },
  listSessions: {
    method: 'GET',
    path: '/sessions',
    summary: 'List sessions',
    auth: true,
    query: s.ListSessionsQuerySchema,
    success: { status: 200, schema: s.ListSessionsResponseSchema },
    errors: ['registry_unavailable'],
  },
  cleanupSessions: {
    method: 'POST',
    path: '/sessions/cleanup',
    summary: 'Close sessions idle longer than maxAgeHours',
    auth: true,
    body: s.CleanupRequestSchema,
    success: { status: 200, schema: s.CleanupResponseSchema },
    errors: ['registry_unavailable'],
  },
  getSession: {
    method: 'GET',
    path: '/sessions/:id',
    summary: 'One session, by id or name',
    auth: true,
    ...byId,
    success: { status: 200, schema: s.SessionSchema },
    errors: ['session_not_found', 'registry_unavailable'],
  },
  deleteSession: {
    method: 'DELETE',
    path: '/sessions/:id',
    summary: 'Close and forget a session (its saved state too, unless keepState=true)',
    auth: true,
    ...byId,
    query: s.DeleteSessionQuerySchema,
    success: { status: 200, schema: s.DeleteSessionResponseSchema },
    errors: ['session_not_found', 'timeout', 'browser_unavailable', 'registry_unavailable'],
  },
  cdpVersion: {
    method: 'GET',
    path: '/sessions/:id/json/version',
    summary:
      "Chrome's discovery document for the session: webSocketDebuggerUrl is its CDP endpoint (ws://…/sessions/:id/cdp, token in the Authorization header)",
    auth: true,
    ...byId,
    success: { status: 200, schema: c.CdpVersionResponseSchema },
    errors: ['session_not_found', 'session_unavailable', 'cdp_unavailable', 'timeout', 'browser_unavailable'],
  },
  cdpTicket: {
    method: 'POST',
    path: '/sessions/:id/cdp/ticket',
    summary:
      'A single-use ticket to connect to the CDP endpoint within a minute without an Authorization header',
    auth: true,
    ...byId,
    body: c.CdpTicketRequestSchema,
    success: { status: 201, schema: c.CdpTicketResponseSchema },
    errors: ['session_not_found', 'cdp_unavailable'],
  },
  devtoolsLink: {
    method: 'POST',
    path: '/sessions/:id/devtools',
    summary:
      "A one-time link to Chrome DevTools on the session's active page, served through this server (open it within a minute)",
    auth: true,
    ...byId,
    body: c.CdpTicketRequestSchema,
    success: { status: 201, schema: c.DevtoolsLinkResponseSchema },
    errors: ['session_not_found', 'session_unavailable', 'cdp_unavailable', 'timeout', 'browser_unavailable'],
  },
  navigate: {
    method: 'POST',
    path: '/sessions/:id/navigate',
    summary: 'Navigate the active page',
    auth: true,
    ...byId,
    body: a.NavigateRequestSchema,
    success: { status: 200, schema: a.NavigateResponseSchema },
    errors: [...liveSession, 'url_not_allowed', 'navigation_failed'],
  },
  listPages: {
    method: 'GET',
    path: '/sessions/:id/pages',
    summary: 'The pages (tabs) of a session, with their stable ids; the active one is where actions go',
    auth: true,
    ...byId,
    success: { status: 200, schema: pg.PagesResponseSchema },
    errors: liveSession,
  },
  openPage: {
    method: 'POST',
    path: '/sessions/:id/pages',
    summary: 'Open a page (tab), optionally at a URL; it becomes the active page',
    auth: true,
    ...byId,
    body: pg.OpenPageRequestSchema,
    success: { status: 201, schema: pg.PageInfoSchema },
    errors: [...liveSession, 'url_not_allowed', 'navigation_failed'],
  },
  closePage: {
    method: 'DELETE',
    path: '/sessions/:id/pages/:pageId',
    summary: 'Close a page (tab) of the session',
    auth: true,
    params: pg.PageParamsSchema,
    success: { status: 200, schema: pg.ClosePageResponseSchema },
    errors: [...liveSession, 'page_not_found'],
  },
  activatePage: {
    method: 'POST',
    path: '/sessions/:id/pages/:pageId/activate',
    summary: 'Make a page the active one (brought to front; actions without pageId go to it)',
    auth: true,
    params: pg.PageParamsSchema,
    body: c.CdpTicketRequestSchema,
    success: { status: 200, schema: pg.PageInfoSchema },
    errors: [...liveSession, 'page_not_found'],
  },
  listDownloads: {
    method: 'GET',
    path: '/sessions/:id/downloads',
    summary: "Files the session's pages downloaded, kept with the session (oldest first)",
    auth: true,
    ...byId,
    success: { status: 200, schema: d.DownloadsResponseSchema },
    errors: liveSession,
  },
  getDownload: {
    method: 'GET',
    path: '/sessions/:id/downloads/:downloadId',
    summary: 'The bytes of one download, with its name (Content-Disposition) and type',
    auth: true,
    params: d.DownloadParamsSchema,
    success: { status: 200, binary: 'application/octet-stream' },
    errors: [...liveSession, 'download_not_found'],
  },
  snapshot: {
    method: 'GET',
    path: '/sessions/:id/snapshot',
    summary: "Playwright's aria snapshot (YAML) of a page: its roles, names and values",
    auth: true,
    ...byId,
    query: pg.PageQuerySchema,
    success: { status: 200, schema: pg.SnapshotResponseSchema },
    errors: [...liveSession, 'page_not_found', 'action_failed'],
  },
  pdf: {
    method: 'POST',
    path: '/sessions/:id/pdf',
    summary: 'Print a page to PDF (Chromium; application/pdf bytes)',
    auth: true,
    ...byId,
    body: pg.PdfRequestSchema,
    success: { status: 200, binary: 'application/pdf' },
    errors: [...liveSession, 'page_not_found', 'action_failed', 'cdp_unavailable'],
  },
  screenshot: {
    method: 'POST',
    path: '/sessions/:id/screenshot',
    summary: 'Screenshot of the active page (image bytes)',
    auth: true,
    ...byId,
    body: a.ScreenshotRequestSchema,
    success: {
      status: 200,
      binary: 'image/png',
      binaryTypes: { 'image/png': 'type png (the default)', 'image/jpeg': 'type jpeg' },
    },
    errors: [...liveSession, 'action_failed'],
  },
  execute: {
    method: 'POST',
    path: '/sessions/:id/execute',
    summary: 'Run JavaScript in the active page',
    auth: true,
    ...byId,
    body: a.ExecuteRequestSchema,
    success: { status: 200, schema: a.ExecuteResponseSchema },
    errors: [...liveSession, 'script_error'],
  },
  interact: {
    method: 'POST',
    path: '/sessions/:id/interact',
    summary: 'Click, fill, type, press, select, check, uncheck, hover or focus an element',
    auth: true,
    ...byId,
    body: a.InteractRequestSchema,
    success: { status: 200, schema: a.InteractResponseSchema },
    errors: [...liveSession, 'action_failed'],
  },
  wait: {
    method: 'POST',
    path: '/sessions/:id/wait',
    summary: 'Wait for a selector, text, URL, function, load state or a fixed time',
    auth: true,
    ...byId,
    body: a.WaitRequestSchema,
    success: { status: 200, schema: a.WaitResponseSchema },
    errors: [...liveSession, 'action_failed', 'script_error'],
  },
  console: {
    method: 'GET',
    path: '/sessions/:id/console',
    summary: 'Recent console messages and page errors',
    auth: true,
    ...byId,
    query: a.ConsoleQuerySchema,
    success: { status: 200, schema: a.ConsoleResponseSchema },
    errors: liveSession,
  },
  recycleSession: {
    method: 'POST',
    path: '/sessions/:id/recycle',
    summary:
      "Replace the session's browser context by a fresh one now: state saved, same pages, id and name (in-page JavaScript state is not kept)",
    auth: true,
    ...byId,
    body: s.RecycleRequestSchema,
    success: { status: 200, schema: s.RecycleResponseSchema },
    errors: liveSession,
  },
  listCookies: {
    method: 'GET',
    path: '/sessions/:id/cookies',
    summary:
      "The session's cookies (Playwright's cookie objects), optionally only those a URL gets or of one name",
    auth: true,
    ...byId,
    query: st.CookiesQuerySchema,
    success: { status: 200, schema: st.CookiesResponseSchema },
    errors: liveSession,
  },
  addCookies: {
    method: 'POST',
    path: '/sessions/:id/cookies',
    summary:
      'Add cookies to the session (each with a url, or a domain and a path); same name, domain and path replaces',
    auth: true,
    ...byId,
    body: st.AddCookiesRequestSchema,
    success: { status: 200, schema: st.AddCookiesResponseSchema },
    errors: liveSession,
  },
  clearCookies: {
    method: 'DELETE',
    path: '/sessions/:id/cookies',
    summary: "Remove the session's cookies: all of them, or those of a name, domain and/or path",
    auth: true,
    ...byId,
    query: st.ClearCookiesQuerySchema,
    success: { status: 200, schema: st.ClearCookiesResponseSchema },
    errors: liveSession,
  },
  storageState: {
    method: 'GET',
    path: '/sessions/:id/storage-state',
    summary:
      "The session's cookies and localStorage in Playwright's storage-state format (POST /sessions { storageState } takes it back)",
    auth: true,
    ...byId,
    success: { status: 200, schema: st.StorageStateResponseSchema },
    errors: liveSession,
  },
  cloneSession: {
    method: 'POST',
    path: '/sessions/:id/clone',
    summary:
      "A new session with the original's options, cookies and localStorage (and, withPages, its page URLs); the two are apart from then on",
    auth: true,
    ...byId,
    body: st.CloneSessionRequestSchema,
    success: { status: 201, schema: s.SessionSchema },
    errors: [...liveSession, 'name_taken', 'too_many_sessions', 'unsupported_option', 'navigation_failed'],
  },
  input: {
    method: 'POST',
    path: '/sessions/:id/input',
    summary: 'Mouse click or wheel at viewport coordinates, typed text or a key press on the active page',
    auth: true,
    ...byId,
    body: l.InputRequestSchema,
    success: { status: 200, schema: l.InputResponseSchema },
    errors: [...liveSession, 'action_failed'],
  },
  history: {
    method: 'POST',
    path: '/sessions/:id/history',
    summary: 'Back, forward or reload on the active page',
    auth: true,
    ...byId,
    body: l.HistoryRequestSchema,
    success: { status: 200, schema: l.HistoryResponseSchema },
    errors: [...liveSession, 'navigation_failed', 'action_failed'],
  },
  frames: {
    method: 'GET',
    path: '/sessions/:id/frames',
    summary:
      'Live picture of the active page: a text/event-stream of `frame` events (CDP screencast on Chromium, screenshot polling elsewhere)',
    auth: true,
    ...byId,
    query: l.FramesQuerySchema,
    success: {
      status: 200,
      binary: 'text/event-stream',
      events: { frame: l.FrameEventSchema, end: l.StreamEndEventSchema },
    },
    errors: liveSession,
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

export type RouteName = keyof typeof routes;
