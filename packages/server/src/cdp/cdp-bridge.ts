import { type RawData, WebSocket } from 'ws';
import { type CdpMessage, CdpSessionFilter } from './cdp-filter.js';

/** Close codes a client sees, with a reason saying what to do. */
export const CLOSE = {
  /** The session's context was replaced (browser crash, recycle) or the server is stopping: reconnect. */
  reconnect: 1012,
  /** The session was deleted. */
  gone: 1001,
  /** The browser's side of the connection failed. */
  upstream: 1011,
} as const;

/** Largest message a client may send (a file upload through CDP is the big one). */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024 * 1024;

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** `{"id":123,` → 123: Chromium writes an answer's id first, so most answers pass without a parse. */
function leadingId(raw: string): number | undefined {
  if (!raw.startsWith('{"id":')) return undefined;
  const end = raw.indexOf(',', 6);
  const id = Number(raw.slice(6, end));
  return Number.isInteger(id) ? id : undefined;
}

/**
 * One client attached to one session: the client's WebSocket, a WebSocket of its own to the browser,
 * and the filter between them. Either side closing ends both; the session is never touched.
 */
export class CdpBridge {
  readonly #client: WebSocket;
  readonly #browser: WebSocket;
  readonly #filter: CdpSessionFilter;
  readonly #queued: string[] = [];
  /** The command being filtered and its text: forwarded as it came when the filter leaves it as it is. */
  #current: CdpMessage | undefined;
  #currentRaw = '';
  #closed = false;
  #opened = false;
  readonly done: Promise<void>;

  constructor(
    client: WebSocket,
    browserWsUrl: string,
    browserContextId: string,
    private readonly onClose: (bridge: CdpBridge) => void,
    level: 'browser' | 'page' = 'browser',
  ) {
    this.#client = client;
    // Chromium is trusted: its UTF-8 is not checked again. No compression on either leg: on loopback
    // compressing large answers costs more than it saves.
    this.#browser = new WebSocket(browserWsUrl, {
      perMessageDeflate: false,
      maxPayload: 0,
      skipUTF8Validation: true,
    });
    this.#filter = new CdpSessionFilter(
      browserContextId,
      {
        toBrowser: (m) => this.#sendBrowser(m === this.#current ? this.#currentRaw : JSON.stringify(m)),
        toClient: (m) => this.#sendClient(JSON.stringify(m)),
        closeClient: (code, reason) => this.close(code, reason),
      },
      level,
    );
    let settle!: () => void;
    this.done = new Promise((resolve) => {
      settle = resolve;
    });
    this.#client.on('close', () => {
      this.close(1000, 'client closed');
      settle();
    });
    this.#client.on('error', () => this.close(1000, 'client error'));
    this.#client.on('message', (data, isBinary) => this.#fromClient(data, isBinary));
    this.#browser.on('open', () => {
      this.#opened = true;
      for (const raw of this.#queued.splice(0)) this.#browser.send(raw);
    });
    this.#browser.on('message', (data) => this.#fromBrowser(data));
    this.#browser.on('close', () =>
      this.close(CLOSE.reconnect, "The session's browser went away; reconnect to the same URL"),
    );
    this.#browser.on('error', () =>
      this.#browser.readyState === WebSocket.CONNECTING || !this.#opened
        ? this.close(CLOSE.upstream, "Could not reach the session's browser; reconnect to the same URL")
        : this.close(CLOSE.reconnect, "The session's browser went away; reconnect to the same URL"),
    );
  }

  #fromClient(data: RawData, isBinary: boolean): void {
    if (this.#closed) return;
    let message: CdpMessage;
    let raw: string;
    try {
      if (isBinary) throw new Error('binary');
      raw = text(data);
      message = JSON.parse(raw) as CdpMessage;
      if (typeof message !== 'object' || message === null || Array.isArray(message)) throw new Error('shape');
    } catch {
      this.#sendClient(
        JSON.stringify({ error: { code: -32700, message: 'Messages must be JSON objects (CDP commands).' } }),
      );
      return;
    }
    this.#current = message;
    this.#currentRaw = raw;
    try {
      this.#filter.fromClient(message);
    } finally {
      this.#current = undefined;
      this.#currentRaw = '';
    }
  }

  /**
   * Most of what the browser sends passes as the bytes it came in: only its first bytes are read (an
   * answer's id, or an event's method) to decide whether the filter needs a look.
   */
  #fromBrowser(data: RawData): void {
    if (this.#closed) return;
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    const head = bytes.subarray(0, 64).toString('latin1');
    const id = leadingId(head);
    if (id !== undefined ? !this.#filter.watches(id) : this.#passesUnread(head)) {
      if (this.#client.readyState === WebSocket.OPEN) this.#client.send(bytes, { binary: false });
      return;
    }
    this.#filter.fromBrowser(JSON.parse(bytes.toString('utf8')) as CdpMessage);
  }

  /** An event other than Target.* while no foreign session is attached needs no look. */
  #passesUnread(head: string): boolean {
    return !this.#filter.hasForeignSessions && !head.startsWith('{"method":"Target.');
  }

  #sendBrowser(raw: string): void {
    if (this.#browser.readyState === WebSocket.OPEN) this.#browser.send(raw);
    else if (this.#browser.readyState === WebSocket.CONNECTING) this.#queued.push(raw);
  }

  #sendClient(raw: string): void {
    if (this.#client.readyState === WebSocket.OPEN) this.#client.send(raw);
  }

  /** Ends both connections; the reason reaches the client in its close frame (at most 123 bytes). */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queued.length = 0;
    if (this.#client.readyState === WebSocket.OPEN || this.#client.readyState === WebSocket.CONNECTING) {
      this.#client.close(code, Buffer.from(reason).subarray(0, 123).toString());
    }
    if (this.#browser.readyState === WebSocket.CONNECTING) this.#browser.terminate();
    else this.#browser.close();
    this.onClose(this);
  }
}
