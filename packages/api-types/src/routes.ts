import type { z } from 'zod';
import * as a from './actions.js';
import * as h from './health.js';
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
  /** Success status and body. `binary` routes answer with image bytes instead of JSON. */
  success: { status: 200 | 201; schema?: z.ZodType; binary?: string };
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
} as const satisfies Record<string, RouteDefinition>;

export type RouteName = keyof typeof routes;
