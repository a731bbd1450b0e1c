/**
 * A call of the route table as the HTTP request it makes: method, path and media type from the route,
 * the path's params filled in, the query as text, the body as JSON. Nothing here sends anything.
 */
import type { BudgetInput, RouteDefinition, RouteName } from '@marketbridge/api-types';
// At run time the client takes only the zod-free part of api-types: building every schema of the route
// table would cost a new process more than its first request does.
import {
  fillPath,
  layerBoundMs,
  operationBudgetMs,
  type RouteWireEntry,
  routeWire,
} from '@marketbridge/api-types/wire';

/** What a call adds to the route's own input: its bound and its cancellation. */
export interface CallControl {
  /** Per-request bound; the browser operation's own timeout plus a margin. */
  timeoutMs?: number;
  /** Aborting it rejects with its reason, like fetch; for a stream, it also ends the body. */
  signal?: AbortSignal;
}

/** A call's options once its route is chosen: the transport's own, untyped view. */
export interface LooseCallOptions extends CallControl {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

export interface RequestSpec {
  method: RouteDefinition['method'];
  path: string;
  json?: unknown;
  query: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  accept?: string;
}

/** The bound of an operation's request: its budget plus room for the HTTP round trip (one policy, api-types). */
export function operationBound(input?: BudgetInput): number {
  return layerBoundMs('client', operationBudgetMs(input));
}

/** A boolean as a query string carries it (the route's query schema accepts only these words). */
export function queryBoolean(value: boolean | undefined): 'true' | 'false' | undefined {
  return value === undefined ? undefined : value ? 'true' : 'false';
}

/** The query string's values: every defined field, as text (`true` is `'true'`). */
function searchParamsOf(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [k, v] of Object.entries(query)) if (v !== undefined) out[k] = String(v);
  return out;
}

/** The request for route `name`: method and path from the route table, the rest from the call. */
export function requestOf(name: RouteName, options: LooseCallOptions = {}): RequestSpec {
  const route: RouteWireEntry = routeWire[name];
  return {
    method: route.method,
    path: fillPath(route.path, options.params),
    ...(options.body !== undefined ? { json: options.body } : {}),
    query: searchParamsOf(options.query),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(route.binary === 'text/event-stream' ? { accept: route.binary } : {}),
  };
}
