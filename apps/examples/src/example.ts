import type { BrowserClient } from '@marketbridge/client';

export interface ExampleContext {
  /** The session server every example talks to. */
  client: BrowserClient;
  serverUrl: string;
  /** The server's MARKETBRIDGE_HOME (token, PID file) and a scratch directory for files. */
  home: string;
  scratch: string;
  /** The MarketBridge UI to drive (the demo unless MARKETBRIDGE_URL points at a real one). */
  marketbridgeUrl: string;
  log(message: string): void;
}

export interface Example {
  name: string;
  description: string;
  /** Resolves with a one-line result; throws when the example fails. */
  run(ctx: ExampleContext): Promise<string>;
}
