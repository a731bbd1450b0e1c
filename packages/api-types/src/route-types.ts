import type { z } from 'zod';
import { fillPath } from './fill-path.js';
import { type RouteDefinition, type RouteName, routes } from './routes.js';

export { fillPath } from './fill-path.js';

/**
 * Types of each route's request and answer, read from the route table: what a client sends to route
 * `N` and what it gets back follow the same schemas the server validates with.
 */

/** The table entry of route `N`. */
export type Route<N extends RouteName> = (typeof routes)[N];

/** `z.input` of the route's schema under `K`, or `undefined` when the route has none. */
type InputOf<N extends RouteName, K extends 'params' | 'query' | 'body'> =
  Route<N> extends { readonly [P in K]: infer S extends z.ZodType } ? z.input<S> : undefined;

/** The path parameters of route `N` (`{ id }` for `/sessions/:id/...`), or `undefined`. */
export type RouteParams<N extends RouteName> = InputOf<N, 'params'>;
/** The query string of route `N`, before the server's parsing (`'true'`, not `true`), or `undefined`. */
export type RouteQuery<N extends RouteName> = InputOf<N, 'query'>;
/** The JSON body route `N` accepts, or `undefined`. */
export type RouteBody<N extends RouteName> = InputOf<N, 'body'>;

/** Routes that answer with bytes (`success.binary`) rather than JSON. */
export type BinaryRouteName = {
  [N in RouteName]: Route<N>['success'] extends { readonly binary: string } ? N : never;
}[RouteName];
/** Routes that answer with a `text/event-stream`. */
export type EventStreamRouteName = {
  [N in RouteName]: Route<N>['success'] extends { readonly binary: 'text/event-stream' } ? N : never;
}[RouteName];
/** Routes that answer with a JSON body. */
export type JsonRouteName = Exclude<RouteName, BinaryRouteName>;

/** The success body of route `N`: `z.output` of its schema, or the bytes of a binary route. */
export type RouteOutput<N extends RouteName> = Route<N>['success'] extends {
  readonly schema: infer S extends z.ZodType;
}
  ? z.output<S>
  : Route<N>['success'] extends { readonly binary: string }
    ? Uint8Array
    : undefined;

/** For an event-stream route: each event name's `data`, as `z.output` of its schema. */
export type RouteEvents<N extends RouteName> = Route<N>['success'] extends {
  readonly events: infer E extends Record<string, z.ZodType>;
}
  ? { [K in keyof E]: z.output<E[K]> }
  : never;

/**
 * What a request to route `N` carries: `params` and `body` where the route has them (required), `query`
 * where it has one (optional: every field of a query is), nothing else.
 */
export type RouteInput<N extends RouteName> = (RouteParams<N> extends undefined
  ? { params?: undefined }
  : { params: RouteParams<N> }) &
  (RouteQuery<N> extends undefined ? { query?: undefined } : { query?: RouteQuery<N> }) &
  (RouteBody<N> extends undefined ? { body?: undefined } : { body: RouteBody<N> });

/** The arguments after the route name of `routePath`: the params, where the route has any. */
export type RouteParamsArgs<N extends RouteName> =
  RouteParams<N> extends undefined ? [params?: undefined] : [params: RouteParams<N>];

/** The path of route `N` with its params filled in: `routePath('navigate', { id })` is `/sessions/<id>/navigate`. */
export function routePath<N extends RouteName>(name: N, ...[params]: RouteParamsArgs<N>): string {
  return fillPath(routes[name].path, params);
}

/** What a client needs of route `N` on the wire, without its schemas: method, path, media type, event names. */
export interface RouteWireEntry<N extends RouteName = RouteName> {
  readonly method: Route<N>['method'];
  readonly path: Route<N>['path'];
  readonly binary?: string;
  readonly events?: readonly string[];
}

/** The route table reduced to {@link RouteWireEntry}s: what `route-wire.ts` (generated) must equal. */
export function routeWireTable(): Record<RouteName, RouteWireEntry> {
  const out = {} as Record<RouteName, RouteWireEntry>;
  for (const name of Object.keys(routes) as RouteName[]) {
    const { method, path, success } = routes[name] as RouteDefinition;
    out[name] = {
      method,
      path,
      ...(success.binary ? { binary: success.binary } : {}),
      ...(success.events ? { events: Object.keys(success.events) } : {}),
    } as RouteWireEntry;
  }
  return out;
}
