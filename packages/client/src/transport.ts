import type {
  BinaryRouteName,
  ErrorBody,
  EventStreamRouteName,
  JsonRouteName,
  RouteBody,
  RouteDefinition,
  RouteInput,
  RouteName,
  RouteOutput,
  RouteParams,
} from '@marketbridge/api-types';
// At run time the client takes only the zod-free part of api-types: building every schema of the route
// table would cost a new process more than its first request does.
import { fillPath, type RouteWireEntry, routeWire } from '@marketbridge/api-types/wire';
import ky, { type KyInstance } from 'ky';
import { type ApiError, apiErrorOf, ConnectionError, MarketBridgeError, TimeoutError } from './errors.js';

export interface TransportOptions {
  baseUrl: string;
  token: string | undefined;
  timeoutMs: number;
  /** How many times a refused connection is retried (any method: nothing reached the server). */
  connectRetries: number;
  /** A live stream with nothing received for this long is a lost connection, ms. */
  streamIdleTimeoutMs: number;
  fetch?: typeof fetch;
}

/** What a call adds to the route's own input: its bound and its cancellation. */
export interface CallControl {
  /** Per-request bound; the browser operation's own timeout plus a margin. */
  timeoutMs?: number;
  /** Aborting it rejects with its reason, like fetch; for a stream, it also ends the body. */
  signal?: AbortSignal;
}

/** A call to route `N`: its params, query and body as the route table types them, and the call's control. */
export type CallOptions<N extends RouteName> = RouteInput<N> & CallControl;

/** The options of a call: required when the route has params or a body, optional otherwise. */
export type CallArgs<N extends RouteName> = [RouteParams<N>, RouteBody<N>] extends [undefined, undefined]
  ? [options?: CallOptions<N>]
  : [options: CallOptions<N>];

/** Binary routes that answer with a body read whole (not a stream). */
export type BytesRouteName = Exclude<BinaryRouteName, EventStreamRouteName>;

/** A call's options once its route is chosen: the transport's own, untyped view. */
interface LooseCallOptions extends CallControl {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

interface RequestSpec {
  method: RouteDefinition['method'];
  path: string;
  json?: unknown;
  query: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  accept?: string;
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
function requestOf(name: RouteName, options: LooseCallOptions = {}): RequestSpec {
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

function isRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'ECONNREFUSED';
}

/** Codes of a connection that broke once the request was on its way (not of one never made). */
const LOST = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause;
  return [(error as Error).message, cause?.message].filter(Boolean).join(': ');
}

/** One HTTP exchange with the server: JSON in, JSON (or bytes) out, every failure a MarketBridgeError. */
export class Transport {
  readonly #ky: KyInstance;
  readonly #options: TransportOptions;
  readonly #streams = new Set<AbortController>();

  /** The headers that carry the token, for a connection this client does not make itself (CDP). */
  get authHeaders(): Record<string, string> {
    return this.#options.token ? { Authorization: `Bearer ${this.#options.token}` } : {};
  }

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#ky = ky.create({
      prefixUrl: options.baseUrl,
      throwHttpErrors: false,
      timeout: options.timeoutMs,
      // ky retries reads (network errors and 502/503/504); a refused connection is retried below for
      // the other methods too, since nothing reached the server.
      retry: {
        limit: options.connectRetries,
        methods: ['get'],
        statusCodes: [502, 503, 504],
        backoffLimit: 1_000,
      },
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  get streamIdleTimeoutMs(): number {
    return this.#options.streamIdleTimeoutMs;
  }

  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  /** Calls a JSON route of the table; method, path and types all come from `routes[name]`. */
  async call<N extends JsonRouteName>(name: N, ...[options]: CallArgs<N>): Promise<RouteOutput<N>> {
    const response = await this.#send(requestOf(name, options));
    // The wire boundary, and the only one: the server answers route N with its success schema (the
    // same table), and the client takes that on trust rather than parsing it again.
    return (await response.json()) as RouteOutput<N>;
  }

  /** Calls a binary route (an image): its bytes and headers. */
  async callBytes<N extends BytesRouteName>(
    name: N,
    ...[options]: CallArgs<N>
  ): Promise<{ bytes: Uint8Array; headers: Headers }> {
    const response = await this.#send(requestOf(name, options));
    return { bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers };
  }

  /**
   * Opens an event-stream route (a long-lived GET) and hands over its response, whose body is the
   * caller's to read, and the controller that ends it. `options.signal` aborting ends it too, and so
   * does `closeStreams()`.
   */
  async openStream<N extends EventStreamRouteName>(
    name: N,
    ...[options]: CallArgs<N>
  ): Promise<{ response: Response; controller: AbortController }> {
    const spec = requestOf(name, options);
    const controller = new AbortController();
    this.#streams.add(controller);
    controller.signal.addEventListener('abort', () => this.#streams.delete(controller), { once: true });
    if (spec.signal?.aborted) controller.abort(spec.signal.reason);
    spec.signal?.addEventListener('abort', () => controller.abort(spec.signal?.reason), {
      once: true,
      signal: controller.signal,
    });
    try {
      return { response: await this.#send({ ...spec, signal: controller.signal }), controller };
    } catch (error) {
      controller.abort();
      throw error;
    }
  }

  /** Ends every stream still open. */
  closeStreams(): void {
    for (const controller of [...this.#streams])
      controller.abort(new MarketBridgeError('The client was closed'));
  }

  /** The error for a stream whose connection broke, or that the server ended while it was still wanted. */
  lostConnection(cause?: unknown): ConnectionError {
    return new ConnectionError(
      this.#options.baseUrl,
      cause === undefined ? 'the server ended the stream' : `stream broken: ${describe(cause)}`,
      { cause },
    );
  }

  async #send(spec: RequestSpec): Promise<Response> {
    const url = `${this.#options.baseUrl.replace(/\/$/, '')}${spec.path}`;
    let response: Response | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        response = await this.#ky(spec.path.replace(/^\//, ''), {
          method: spec.method,
          ...(spec.json !== undefined ? { json: spec.json } : {}),
          searchParams: spec.query,
          ...(spec.timeoutMs ? { timeout: spec.timeoutMs } : {}),
          ...(spec.signal ? { signal: spec.signal } : {}),
          ...(spec.accept ? { headers: { accept: spec.accept } } : {}),
        });
        break;
      } catch (error) {
        if (spec.signal?.aborted) throw spec.signal.reason;
        if (spec.method !== 'GET' && isRefused(error) && attempt < this.#options.connectRetries) {
          await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
          continue;
        }
        throw this.#transportError(error, spec, url);
      }
    }
    if (response.ok) return response;
    throw await this.#apiError(response, spec.method, url);
  }

  #transportError(error: unknown, spec: RequestSpec, url: string): MarketBridgeError {
    if (error instanceof Error && error.name === 'TimeoutError') {
      return new TimeoutError({
        status: 0,
        code: 'client_timeout',
        method: spec.method,
        url,
        serverMessage: `no answer within ${spec.timeoutMs ?? this.#options.timeoutMs} ms`,
        cause: error,
      });
    }
    const reason = reasonOf(error);
    return new ConnectionError(this.#options.baseUrl, reason, {
      cause: error,
      lost: LOST.has(reason),
      request: `${spec.method} ${spec.path}`,
    });
  }

  async #apiError(response: Response, method: string, url: string): Promise<ApiError> {
    const text = await response.text().catch(() => '');
    let body: Partial<ErrorBody> | undefined;
    try {
      body = JSON.parse(text) as ErrorBody;
    } catch {
      body = undefined;
    }
    return apiErrorOf({
      status: response.status,
      code: body?.error?.code ?? `http_${response.status}`,
      method,
      url,
      serverMessage: body?.error?.message ?? (text.slice(0, 200) || response.statusText),
      details: body?.error?.details,
    });
  }
}
