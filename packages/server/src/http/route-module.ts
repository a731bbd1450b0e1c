import type { HttpMethod } from '@marketbridge/api-types';
import type { BrowserManager } from '@marketbridge/browser-manager';
import type { SessionRegistry } from '@marketbridge/registry';
import type { Request, Response } from 'express';
import type winston from 'winston';
import type { z } from 'zod';
import type { CdpTickets } from '../cdp/cdp-tickets.js';
import type { LiveHub } from '../live-hub.js';
import type { LoginCodes } from '../login-codes.js';
import type { ServerConfig } from '../options.js';
import type { SessionService } from '../session-service.js';
import type { ServerStats } from '../stats.js';

/** What a route needs to know about itself: the api-types route entry, or the same shape for extras. */
export interface RouteSpec {
  method: HttpMethod;
  path: string;
  auth: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  success: { status: 200 | 201 };
}

/** Everything a handler may use. */
export interface HandlerDeps {
  manager: BrowserManager;
  registry: SessionRegistry;
  sessions: SessionService;
  config: ServerConfig;
  stats: ServerStats;
  logger: winston.Logger;
  /** The server package version. */
  version: string;
  /** The open live streams (text/event-stream). */
  live: LiveHub;
  /** Dashboard login codes. */
  loginCodes: LoginCodes;
  /** Single-use passes to sessions' CDP endpoints. */
  cdpTickets: CdpTickets;
  /** The API token (undefined with noAuth): what a login code is exchanged for. */
  token: string | undefined;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HandlerContext<R extends RouteSpec> {
  params: Out<R['params']>;
  query: Out<R['query']>;
  body: Out<R['body']>;
  deps: HandlerDeps;
  req: Request;
  res: Response;
}

/**
 * JSON (the default), raw bytes, or text. `status` defaults to the route's success status.
 * `streamed`: the handler took the response over (a live stream) and answers on it itself.
 */
export type HandlerResult =
  | { streamed: true }
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; bytes: Buffer; contentType: string; headers?: Record<string, string> }
  | { status?: number; text: string; contentType: string; headers?: Record<string, string> };

export interface RouteModule<R extends RouteSpec = RouteSpec> {
  /** Name used in logs and metrics (the api-types route name where there is one). */
  name: string;
  route: R;
  handle(ctx: HandlerContext<R>): Promise<HandlerResult>;
}

/** Ties a handler to its route entry so params, query and body are typed from the route's schemas. */
export function defineRoute<R extends RouteSpec>(
  name: string,
  route: R,
  handle: (ctx: HandlerContext<R>) => Promise<HandlerResult>,
): RouteModule<R> {
  return { name, route, handle };
}

/** Names the session a request is about, for the request log. */
export function noteSession(res: Response, session: { id: string; name: string }): void {
  res.locals.session = { id: session.id, name: session.name };
}
