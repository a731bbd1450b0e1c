import type { Request, Response } from 'express';

const HEARTBEAT_MS = 15_000;
/** A client further behind than this (bytes queued in the socket) misses frames until it catches up. */
export const SLOW_CLIENT_BYTES = 4 * 2 ** 20;

/** One open text/event-stream response. */
export interface EventStream {
  /** Writes one event (`data` as JSON). False when the stream is closed. */
  send(event: string, data: unknown): boolean;
  /** True when the client has not read what was already sent (frames are dropped meanwhile). */
  readonly congested: boolean;
  /** Runs when the stream ends, whoever ends it. */
  onClose(fn: () => void): void;
  /** Ends the response; with `closeConnection` its connection too (server shutdown). */
  end(closeConnection?: boolean): void;
}

/**
 * The live channels' side of the HTTP server: Server-Sent-Events responses, kept open with comment
 * heartbeats, all ended when the server closes (so shutdown does not wait on them).
 */
export class LiveHub {
  readonly #open = new Set<EventStream>();

  get size(): number {
    return this.#open.size;
  }

  open(req: Request, res: Response): EventStream {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const socket = req.socket;
    socket.setNoDelay(true);
    res.write(': stream open\n\n');
    const closers: (() => void)[] = [];
    let closed = false;
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const stream: EventStream = {
      send: (event, data) => {
        if (closed) return false;
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        return true;
      },
      get congested() {
        return res.writableLength > SLOW_CLIENT_BYTES;
      },
      onClose: (fn) => {
        if (closed) fn();
        else closers.push(fn);
      },
      end: (closeConnection = false) => {
        if (!closed) res.end(() => closeConnection && socket.destroy());
        finish();
      },
    };
    const finish = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      this.#open.delete(stream);
      for (const fn of closers) {
        try {
          fn();
        } catch {
          // a closer must not keep the others from running
        }
      }
    };
    res.on('close', finish);
    this.#open.add(stream);
    return stream;
  }

  /** Ends every open stream and its connection (a kept-alive connection would hold up server.close()). */
  closeAll(): void {
    for (const stream of [...this.#open]) stream.end(true);
  }
}
