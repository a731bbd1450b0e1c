import type {
  ConsoleEntry,
  ConsoleResponse,
  DeleteSessionResponse,
  ExecuteResponse,
  InteractAction,
  InteractRequest,
  NavigateRequest,
  NavigateResponse,
  ScreenshotRequest,
  Session,
  WaitRequest,
  WaitResponse,
} from '@marketbridge/api-types';
import type { Transport } from './transport.js';

/** Room for the HTTP round trip on top of the browser operation's own timeout. */
const MARGIN_MS = 10_000;
const DEFAULT_OP_TIMEOUT_MS = 30_000;

type ActionOptions = { timeoutMs?: number };

/** One server-side session. Methods act on its active page; the browser stays when the script exits. */
export class SessionHandle {
  #info: Session;

  constructor(
    private readonly transport: Transport,
    info: Session,
  ) {
    this.#info = info;
  }

  get id(): string {
    return this.#info.id;
  }

  get name(): string {
    return this.#info.name;
  }

  /** The session as last seen (after creation, `refresh()`, or a navigation). */
  get info(): Session {
    return this.#info;
  }

  get isActive(): boolean {
    return this.#info.active && this.#info.status === 'active';
  }

  #path(suffix = ''): string {
    return `/sessions/${encodeURIComponent(this.#info.id)}${suffix}`;
  }

  #bound(timeoutMs?: number): number {
    return (timeoutMs ?? DEFAULT_OP_TIMEOUT_MS) + MARGIN_MS;
  }

  /** Fetches the session again from the server. */
  async refresh(): Promise<Session> {
    this.#info = await this.transport.json<Session>({ method: 'GET', path: this.#path() });
    return this.#info;
  }

  async navigate(url: string, options: Omit<NavigateRequest, 'url'> = {}): Promise<NavigateResponse> {
    const result = await this.transport.json<NavigateResponse>({
      method: 'POST',
      path: this.#path('/navigate'),
      json: { url, ...options },
      timeoutMs: this.#bound(options.timeoutMs),
    });
    this.#info = { ...this.#info, currentUrl: result.url, title: result.title };
    return result;
  }

  /** The image bytes; also written to `path` when one is given (Node). */
  async screenshot(path?: string, options: ScreenshotRequest = {}): Promise<Uint8Array> {
    const { bytes } = await this.transport.bytes({
      method: 'POST',
      path: this.#path('/screenshot'),
      json: options,
      timeoutMs: this.#bound(options.timeoutMs),
    });
    if (path) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path, bytes);
    }
    return bytes;
  }

  /**
   * Runs JavaScript in the page: an expression (`document.title`) or a function body using `return`;
   * the extra arguments are JSON values available as `args`. The result is what the page returned.
   */
  async executeJs<T = unknown>(script: string, ...args: unknown[]): Promise<T> {
    return this.executeWith<T>(script, args);
  }

  async executeWith<T = unknown>(
    script: string,
    args: unknown[] = [],
    options: ActionOptions = {},
  ): Promise<T> {
    const { result } = await this.transport.json<ExecuteResponse>({
      method: 'POST',
      path: this.#path('/execute'),
      json: { script, args, ...options },
      timeoutMs: this.#bound(options.timeoutMs),
    });
    return result as T;
  }

  async interact(request: InteractRequest): Promise<void> {
    await this.transport.json({
      method: 'POST',
      path: this.#path('/interact'),
      json: request,
      timeoutMs: this.#bound(request.timeoutMs),
    });
  }

  #act(
    action: InteractAction,
    selector: string,
    value: string | string[] | undefined,
    options: ActionOptions,
  ) {
    return this.interact({ action, selector, ...(value !== undefined ? { value } : {}), ...options });
  }

  click(selector: string, options: ActionOptions = {}) {
    return this.#act('click', selector, undefined, options);
  }

  fill(selector: string, value: string, options: ActionOptions = {}) {
    return this.#act('fill', selector, value, options);
  }

  /** Types key by key (fires key events), unlike `fill`. */
  type(selector: string, text: string, options: ActionOptions = {}) {
    return this.#act('type', selector, text, options);
  }

  press(selector: string, key: string, options: ActionOptions = {}) {
    return this.#act('press', selector, key, options);
  }

  select(selector: string, value: string | string[], options: ActionOptions = {}) {
    return this.#act('select', selector, value, options);
  }

  check(selector: string, options: ActionOptions = {}) {
    return this.#act('check', selector, undefined, options);
  }

  async waitFor(request: WaitRequest): Promise<WaitResponse> {
    return this.transport.json<WaitResponse>({
      method: 'POST',
      path: this.#path('/wait'),
      json: request,
      timeoutMs: this.#bound(request.for === 'timeout' ? request.ms : request.timeoutMs),
    });
  }

  waitForSelector(
    selector: string,
    options: { state?: 'attached' | 'detached' | 'visible' | 'hidden' } & ActionOptions = {},
  ) {
    return this.waitFor({ for: 'selector', selector, ...options });
  }

  waitForText(text: string, options: ActionOptions = {}) {
    return this.waitFor({ for: 'text', text, ...options });
  }

  waitForUrl(url: string, options: ActionOptions = {}) {
    return this.waitFor({ for: 'url', url, ...options });
  }

  /** Recent console messages and page errors, oldest first. */
  async console(limit?: number): Promise<ConsoleEntry[]> {
    const { entries } = await this.transport.json<ConsoleResponse>({
      method: 'GET',
      path: this.#path('/console'),
      query: { limit },
    });
    return entries;
  }

  /** Closes the session on the server (its saved state too, unless `keepState`). */
  delete(options: { keepState?: boolean } = {}): Promise<DeleteSessionResponse> {
    return this.transport.json<DeleteSessionResponse>({
      method: 'DELETE',
      path: this.#path(),
      query: { keepState: options.keepState },
    });
  }
}
