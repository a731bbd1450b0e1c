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
// ky (and with it undici, which a new process takes ~50 ms to load) is imported on first use only: the
// ordinary calls go over node:http (see http-request.ts).
import type { KyInstance } from 'ky';
import { ApiError, apiErrorOf, ConnectionError, MarketBridgeError } from './errors.js';
import { describe, noAnswerError, pause, retryDelayMs } from './failures.js';
import { createHttpSend, type HttpAnswer, type HttpSend } from './http-request.js';

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

function isHttpUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'http:';
  } catch {
    return false;
  }
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/**
 * One HTTP exchange with the server: JSON in, JSON (or bytes) out, every failure a MarketBridgeError.
 * Calls go over node:http; the event streams, a client given its own `fetch`, an `https:` server and a
 * runtime without node:http go through ky and fetch, loaded then.
 */
export class Transport {
  readonly #options: TransportOptions;
  readonly #streams = new Set<AbortController>();
  #http: Promise<HttpSend | undefined> | undefined;
  #ky: Promise<KyInstance> | undefined;

  /** The headers that carry the token, for a connection this client does not make itself (CDP). */
  get authHeaders(): Record<string, string> {
    return this.#options.token ? { Authorization: `Bearer ${this.#options.token}` } : {};
  }

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  get streamIdleTimeoutMs(): number {
    return this.#options.streamIdleTimeoutMs;
  }

  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  /** Calls a JSON route of the table; method, path and types all come from `routes[name]`. */
  async call<N extends JsonRouteName>(name: N, ...[options]: CallArgs<N>): Promise<RouteOutput<N>> {
    const spec = requestOf(name, options);
    const answer = await this.#whole(spec);
    // The wire boundary, and the only one: the server answers route N with its success schema (the
    // same table), and the client takes that on trust rather than parsing it again.
    const text = decode(answer.body);
    try {
      return JSON.parse(text) as RouteOutput<N>;
    } catch (error) {
      // Something that is not our server (a proxy's page, a different service on the port) answered.
      throw new ApiError({
        status: answer.status,
        code: 'invalid_response',
        method: spec.method,
        url: this.#urlOf(spec),
        serverMessage: `the answer is not JSON (is this a MarketBridge session server?): ${text.slice(0, 100) || '(empty)'}`,
        cause: error,
      });
    }
  }

  /** Calls a binary route (an image): its bytes and headers. */
  async callBytes<N extends BytesRouteName>(
    name: N,
    ...[options]: CallArgs<N>
  ): Promise<{ bytes: Uint8Array; headers: Headers }> {
    const answer = await this.#whole(requestOf(name, options));
    return {
      bytes: answer.body,
      get headers() {
        return answer.headers;
      },
    };
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
      const streamSpec = { ...spec, signal: controller.signal };
      const response = await this.#send(streamSpec, (s) => this.#fetch(s));
      if (response.ok) return { response, controller };
      const text = await response.text().catch(() => '');
      throw this.#apiError(response.status, response.statusText, text, spec);
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

  #urlOf(spec: RequestSpec): string {
    return `${this.#options.baseUrl.replace(/\/$/, '')}${spec.path}`;
  }

  /** The request's answer read whole, when it is a success; an ApiError otherwise. */
  async #whole(spec: RequestSpec): Promise<HttpAnswer> {
    const answer = await this.#send(spec, (s) => this.#exchange(s));
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw this.#apiError(answer.status, answer.statusText, decode(answer.body), spec);
  }

  /** Runs `attempt`, again as `retryDelayMs` says; a failure without an answer becomes a MarketBridgeError. */
  async #send<T>(spec: RequestSpec, attempt: (spec: RequestSpec) => Promise<T>): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        return await attempt(spec);
      } catch (error) {
        if (spec.signal?.aborted) throw spec.signal.reason;
        const wait = n < this.#options.connectRetries ? retryDelayMs(spec.method, error, n) : undefined;
        if (wait === undefined) {
          throw noAnswerError(error, {
            baseUrl: this.#options.baseUrl,
            method: spec.method,
            path: spec.path,
            url: this.#urlOf(spec),
            timeoutMs: spec.timeoutMs ?? this.#options.timeoutMs,
          });
        }
        await pause(wait, spec.signal);
      }
    }
  }

  /** One attempt, read whole: over node:http where it can go, else through fetch. */
  async #exchange(spec: RequestSpec): Promise<HttpAnswer> {
    this.#http ??=
      this.#options.fetch || !isHttpUrl(this.#options.baseUrl)
        ? Promise.resolve(undefined)
        : createHttpSend();
    const send = await this.#http;
    if (!send) {
      const response = await this.#fetch(spec);
      const body = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, statusText: response.statusText, body, headers: response.headers };
    }
    const query = new URLSearchParams(spec.query).toString();
    return send({
      method: spec.method,
      url: new URL(`${this.#urlOf(spec)}${query ? `?${query}` : ''}`),
      headers: {
        accept: spec.accept ?? '*/*',
        ...(this.#options.token ? { authorization: `Bearer ${this.#options.token}` } : {}),
        ...(spec.json !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(spec.json !== undefined ? { body: JSON.stringify(spec.json) } : {}),
      timeoutMs: spec.timeoutMs || this.#options.timeoutMs,
      ...(spec.signal ? { signal: spec.signal } : {}),
    });
  }

  /** One attempt through ky and fetch (each loaded on first use); retries are `#send`'s. */
  async #fetch(spec: RequestSpec): Promise<Response> {
    this.#ky ??= import('ky').then(({ default: ky }) =>
      ky.create({
        prefixUrl: this.#options.baseUrl,
        throwHttpErrors: false,
        timeout: this.#options.timeoutMs,
        retry: 0,
        headers: this.#options.token ? { authorization: `Bearer ${this.#options.token}` } : {},
        ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
      }),
    );
    return (await this.#ky)(spec.path.replace(/^\//, ''), {
      method: spec.method,
      ...(spec.json !== undefined ? { json: spec.json } : {}),
      searchParams: spec.query,
      ...(spec.timeoutMs ? { timeout: spec.timeoutMs } : {}),
      ...(spec.signal ? { signal: spec.signal } : {}),
      ...(spec.accept ? { headers: { accept: spec.accept } } : {}),
    });
  }

  #apiError(status: number, statusText: string, text: string, spec: RequestSpec): ApiError {
    let body: Partial<ErrorBody> | undefined;
    try {
      body = JSON.parse(text) as ErrorBody;
    } catch {
      body = undefined;
    }
    return apiErrorOf({
      status,
      code: body?.error?.code ?? `http_${status}`,
      method: spec.method,
      url: this.#urlOf(spec),
      serverMessage: body?.error?.message ?? (text.slice(0, 200) || statusText),
      details: body?.error?.details,
    });
  }
}
