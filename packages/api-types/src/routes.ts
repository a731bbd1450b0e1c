import type { z } from 'zod';
import * as a from './actions.js';
import * as h from './health.js';
import * as l from './live.js';
import * as s from './sessions.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RouteDefinition {
  method: HttpMethod;
  /** Express-style path (`/sessions/:id`). */
  path: string;
  summary: string;
  /** False only for routes open without a token. */
  auth: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * Success status and body. `binary` routes answer with bytes of that media type instead of JSON
   * (images; `text/event-stream` for the live streams, whose event data `events` describes).
   */
  success: { status: 200 | 201; schema?: z.ZodType; binary?: string; events?: Record<string, z.ZodType> };
}

const byId = { params: s.SessionIdParamsSchema };

/** The HTTP API, one entry per route. Both the server's validation and the client's types come from here. */
export const routes = {
  health: {
    method: 'GET',
    path: '/health',
    summary: 'Liveness and readiness of the server and its browsers',
    auth: false,
    success: { status: 200, schema: h.HealthResponseSchema },
  },
  stats: {
    method: 'GET',
    path: '/stats',
    summary: 'Counters since start',
    auth: true,
    success: { status: 200, schema: h.StatsResponseSchema },
  },
  createSession: {
    method: 'POST',
    path: '/sessions',
    summary: 'Create a named session, or with reuse get the live one of that name (200)',
    auth: true,
    body: s.CreateSessionRequestSchema,
    success: { status: 201, schema: s.SessionSchema },
  },
  listSessions: {
    method: 'GET',
    path: '/sessions',
    summary: 'List sessions',
    auth: true,
    query: s.ListSessionsQuerySchema,
    success: { status: 200, schema: s.ListSessionsResponseSchema },
  },
  cleanupSessions: {
    method: 'POST',
    path: '/sessions/cleanup',
    summary: 'Close sessions idle longer than maxAgeHours',
    auth: true,
    body: s.CleanupRequestSchema,
    success: { status: 200, schema: s.CleanupResponseSchema },
  },
  getSession: {
    method: 'GET',
    path: '/sessions/:id',
    summary: 'One session, by id or name',
    auth: true,
    ...byId,
    success: { status: 200, schema: s.SessionSchema },
  },
  deleteSession: {
    method: 'DELETE',
    path: '/sessions/:id',
    summary: 'Close and forget a session (its saved state too, unless keepState=true)',
    auth: true,
    ...byId,
    query: s.DeleteSessionQuerySchema,
    success: { status: 200, schema: s.DeleteSessionResponseSchema },
  },
  navigate: {
    method: 'POST',
    path: '/sessions/:id/navigate',
    summary: 'Navigate the active page',
    auth: true,
    ...byId,
    body: a.NavigateRequestSchema,
    success: { status: 200, schema: a.NavigateResponseSchema },
  },
  screenshot: {
    method: 'POST',
    path: '/sessions/:id/screenshot',
    summary: 'Screenshot of the active page (image bytes)',
    auth: true,
    ...byId,
    body: a.ScreenshotRequestSchema,
    success: { status: 200, binary: 'image/png' },
  },
  execute: {
    method: 'POST',
    path: '/sessions/:id/execute',
    summary: 'Run JavaScript in the active page',
    auth: true,
    ...byId,
    body: a.ExecuteRequestSchema,
    success: { status: 200, schema: a.ExecuteResponseSchema },
  },
  interact: {
    method: 'POST',
    path: '/sessions/:id/interact',
    summary: 'Click, fill, type, press, select, check, uncheck, hover or focus an element',
    auth: true,
    ...byId,
    body: a.InteractRequestSchema,
    success: { status: 200, schema: a.InteractResponseSchema },
  },
  wait: {
    method: 'POST',
    path: '/sessions/:id/wait',
    summary: 'Wait for a selector, text, URL, function, load state or a fixed time',
    auth: true,
    ...byId,
    body: a.WaitRequestSchema,
    success: { status: 200, schema: a.WaitResponseSchema },
  },
  console: {
    method: 'GET',
    path: '/sessions/:id/console',
    summary: 'Recent console messages and page errors',
    auth: true,
    ...byId,
    query: a.ConsoleQuerySchema,
    success: { status: 200, schema: a.ConsoleResponseSchema },
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
  },
  input: {
    method: 'POST',
    path: '/sessions/:id/input',
    summary: 'Mouse click or wheel at viewport coordinates, typed text or a key press on the active page',
    auth: true,
    ...byId,
    body: l.InputRequestSchema,
    success: { status: 200, schema: l.InputResponseSchema },
  },
  history: {
    method: 'POST',
    path: '/sessions/:id/history',
    summary: 'Back, forward or reload on the active page',
    auth: true,
    ...byId,
    body: l.HistoryRequestSchema,
    success: { status: 200, schema: l.HistoryResponseSchema },
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
  },
  events: {
    method: 'GET',
    path: '/events',
    summary:
      'Live sessions list: a text/event-stream with one `sessions` snapshot, then a `session` event per change',
    auth: true,
    success: {
      status: 200,
      binary: 'text/event-stream',
      events: { sessions: l.SessionsSnapshotEventSchema, session: l.SessionChangeEventSchema },
    },
  },
  createLoginCode: {
    method: 'POST',
    path: '/auth/codes',
    summary: 'A single-use, short-lived code that opens the dashboard without pasting the token',
    auth: true,
    body: l.LoginCodeRequestSchema,
    success: { status: 201, schema: l.LoginCodeResponseSchema },
  },
  exchangeLoginCode: {
    method: 'POST',
    path: '/auth/exchange',
    summary: 'Exchange a login code for the API token (once, before it expires; 401 otherwise)',
    auth: false,
    body: l.LoginExchangeRequestSchema,
    success: { status: 200, schema: l.LoginExchangeResponseSchema },
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof routes;
