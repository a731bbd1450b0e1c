/**
 * Sends one request to the server and gets its answer: over node:http where it can go, else through ky
 * and fetch (each loaded on first use); a refused connection or a failed read tried again as
 * `retryDelayMs` says; every failure a MarketBridgeError (an error answer an ApiError of its code).
 */
import type { ErrorBody } from '@marketbridge/api-types';
// ky (and with it undici, which a new process takes ~50 ms to load) is imported on first use only: the
// ordinary calls go over node:http (see http-request.ts).
import type { KyInstance } from 'ky';
import { type ApiError, apiErrorOf } from './errors.js';
import { noAnswerError, pause, retryDelayMs } from './failures.js';
import { createHttpSend, type HttpAnswer, type HttpSend } from './http-request.js';
import type { RequestSpec } from './request-spec.js';

export interface SenderOptions {
  baseUrl: string;
  token: string | undefined;
  timeoutMs: number;
  /** How many times a refused connection is retried (any method: nothing reached the server). */
  connectRetries: number;
  fetch?: typeof fetch;
}

function isHttpUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'http:';
  } catch {
    return false;
  }
}

export const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

export class RequestSender {
  readonly #options: SenderOptions;
  #http: Promise<HttpSend | undefined> | undefined;
  #ky: Promise<KyInstance> | undefined;

  constructor(options: SenderOptions) {
    this.#options = options;
  }

  urlOf(spec: RequestSpec): string {
    return `${this.#options.baseUrl.replace(/\/$/, '')}${spec.path}`;
  }

  /** The request's answer read whole, when it is a success; an ApiError otherwise. */
  async whole(spec: RequestSpec): Promise<HttpAnswer> {
    const answer = await this.#send(spec, (s) => this.#exchange(s));
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw this.#apiError(answer.status, answer.statusText, decode(answer.body), spec);
  }

  /** The response of a stream's request (through fetch), its body unread, when it is a success. */
  async stream(spec: RequestSpec): Promise<Response> {
    const response = await this.#send(spec, (s) => this.#fetch(s));
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    throw this.#apiError(response.status, response.statusText, text, spec);
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
            url: this.urlOf(spec),
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
      url: new URL(`${this.urlOf(spec)}${query ? `?${query}` : ''}`),
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
      url: this.urlOf(spec),
      serverMessage: body?.error?.message ?? (text.slice(0, 200) || statusText),
      details: body?.error?.details,
    });
  }
}
