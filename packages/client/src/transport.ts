import type {
  BinaryRouteName,
  EventStreamRouteName,
  JsonRouteName,
  RouteBody,
  RouteInput,
  RouteName,
  RouteOutput,
  RouteParams,
} from '@marketbridge/api-types';
import { ApiError, ConnectionError, MarketBridgeError } from './errors.js';
import { describe } from './failures.js';
import { decode, RequestSender, type SenderOptions } from './request-sender.js';
import { type CallControl, requestOf } from './request-spec.js';

export interface TransportOptions extends SenderOptions {
  /** A live stream with nothing received for this long is a lost connection, ms. */
  streamIdleTimeoutMs: number;
}

/** A call to route `N`: its params, query and body as the route table types them, and the call's control. */
export type CallOptions<N extends RouteName> = RouteInput<N> & CallControl;

/** The options of a call: required when the route has params or a body, optional otherwise. */
export type CallArgs<N extends RouteName> = [RouteParams<N>, RouteBody<N>] extends [undefined, undefined]
  ? [options?: CallOptions<N>]
  : [options: CallOptions<N>];

/** Binary routes that answer with a body read whole (not a stream). */
export type BytesRouteName = Exclude<BinaryRouteName, EventStreamRouteName>;

/**
 * The route table, callable: `call(routeName, {params, query, body})` with the route's own types, its
 * answer parsed (JSON), read whole (bytes) or handed over as a stream. Sending, retries and the mapping
 * of failures to MarketBridgeErrors are the RequestSender's; calls go over node:http, the event streams
 * (and a client given its own `fetch`, an `https:` server, a runtime without node:http) through ky and
 * fetch, loaded then.
 */
export class Transport {
  readonly #options: TransportOptions;
  readonly #sender: RequestSender;
  readonly #streams = new Set<AbortController>();

  /** The headers that carry the token, for a connection this client does not make itself (CDP). */
  get authHeaders(): Record<string, string> {
    return this.#options.token ? { Authorization: `Bearer ${this.#options.token}` } : {};
  }

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#sender = new RequestSender(options);
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
    const answer = await this.#sender.whole(spec);
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
        url: this.#sender.urlOf(spec),
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
    const answer = await this.#sender.whole(requestOf(name, options));
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
      return { response: await this.#sender.stream({ ...spec, signal: controller.signal }), controller };
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
}
