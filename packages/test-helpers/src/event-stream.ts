/** One Server-Sent Event: its name, its data parsed as JSON, and when it arrived (ms since the epoch, sub-ms precision). */
export interface StreamEvent<T = unknown> {
  event: string;
  data: T;
  receivedAt: number;
}

export interface EventStreamReader {
  readonly status: number;
  readonly headers: Headers;
  /** Every event received so far, in order. */
  readonly events: StreamEvent[];
  /** The next event named `event` not yet taken (waits up to `timeoutMs`). */
  next<T = unknown>(event: string, timeoutMs?: number): Promise<StreamEvent<T>>;
  /** Runs for each event as it arrives. */
  onEvent(fn: (e: StreamEvent) => void): void;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
  [Symbol.dispose](): void;
}

/**
 * Opens a text/event-stream with fetch() (so headers such as Authorization can be sent) and parses
 * it as it arrives. A non-200 answer resolves too: look at `status` (no events will come).
 */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStreamReader> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: StreamEvent[] = [];
  const taken = new Set<StreamEvent>();
  const listeners: ((e: StreamEvent) => void)[] = [];
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  const ended = (async () => {
    if (!res.ok || !res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (!data) continue;
          const e: StreamEvent = {
            event,
            data: JSON.parse(data),
            receivedAt: performance.timeOrigin + performance.now(),
          };
          events.push(e);
          for (const fn of listeners) fn(e);
          wake();
        }
      }
    } catch {
      // aborted by close()
    } finally {
      wake();
    }
  })();
  let done = false;
  void ended.then(() => {
    done = true;
    wake();
  });
  return {
    status: res.status,
    headers: res.headers,
    events,
    ended,
    onEvent: (fn) => listeners.push(fn),
    async next<T>(event: string, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((e) => e.event === event && !taken.has(e));
        if (found) {
          taken.add(found);
          return found as StreamEvent<T>;
        }
        const left = deadline - Date.now();
        if (left <= 0 || done) {
          throw new Error(`No "${event}" event within ${timeoutMs} ms${done ? ' (the stream ended)' : ''}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => controller.abort(),
    [Symbol.dispose]: () => controller.abort(),
  };
}
