import type { EventStreamRouteName, RouteEvents } from '@marketbridge/api-types';
import { routeWire } from '@marketbridge/api-types/wire';
import { MarketBridgeError } from './errors.js';
import { type SseMessage, SseParser } from './sse-parser.js';
import type { CallArgs, Transport } from './transport.js';

/** An open text/event-stream response: its messages, and the controller that ends it. */
export interface OpenEventStream {
  /**
   * Messages as they arrive. They end quietly once the controller (or the caller's signal) aborts; a
   * broken connection, or an end by the server, is a ConnectionError: the server only ends these
   * streams when it goes away (a stream's own last event, e.g. `end`, is for the reader to act on).
   */
  messages: AsyncGenerator<SseMessage, void, undefined>;
  controller: AbortController;
}

/** Opens the event-stream route `name`; errors before the stream opens are the usual ApiErrors. */
export async function openEventStream<N extends EventStreamRouteName>(
  transport: Transport,
  name: N,
  ...options: CallArgs<N>
): Promise<OpenEventStream> {
  const { response, controller } = await transport.openStream(name, ...options);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/event-stream') || !response.body) {
    controller.abort();
    throw new MarketBridgeError(
      `GET ${response.url} answered ${type || 'without a content type'}, not text/event-stream: ` +
        `is ${transport.baseUrl} a MarketBridge session server?`,
    );
  }
  return { messages: readMessages(response.body, controller, transport), controller };
}

async function* readMessages(
  body: ReadableStream<Uint8Array>,
  controller: AbortController,
  transport: Transport,
): AsyncGenerator<SseMessage, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const idleMs = transport.streamIdleTimeoutMs;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      let idle: ReturnType<typeof setTimeout> | undefined;
      try {
        chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => {
            idle = setTimeout(
              () =>
                reject(
                  new Error(`nothing received for ${idleMs} ms (the server sends a keep-alive every 15 s)`),
                ),
              idleMs,
            );
          }),
        ]);
      } catch (error) {
        if (controller.signal.aborted) return;
        throw transport.lostConnection(error);
      } finally {
        clearTimeout(idle);
      }
      if (chunk.done) {
        if (controller.signal.aborted) return;
        throw transport.lostConnection();
      }
      yield* parser.push(decoder.decode(chunk.value, { stream: true }));
    }
  } finally {
    controller.abort();
    reader.cancel().catch(() => undefined);
  }
}

/** A decoded event of route `N`: its name and its data, as the route table types them. */
export type RouteEventMessage<N extends EventStreamRouteName> = {
  [E in keyof RouteEvents<N>]: { event: E; data: RouteEvents<N>[E] };
}[keyof RouteEvents<N>];

/**
 * A message of route `name`'s stream, decoded: undefined for an event the route table does not list for
 * it; a MarketBridgeError when the data is not JSON (every event this server sends carries JSON).
 */
export function eventOf<N extends EventStreamRouteName>(
  name: N,
  message: SseMessage,
): RouteEventMessage<N> | undefined {
  const events: readonly string[] = routeWire[name].events;
  if (!events.includes(message.event)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch (error) {
    throw new MarketBridgeError(`The server sent a "${message.event}" event whose data is not JSON`, {
      cause: error,
    });
  }
  // The wire boundary of streams, as in Transport.call: an event the table lists carries its schema's data.
  return { event: message.event, data } as RouteEventMessage<N>;
}
