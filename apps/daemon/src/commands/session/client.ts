import { BrowserClient } from '@marketbridge/client';
import type { DaemonPaths } from '../../paths.js';

/** A client for the server running in this home (found through its PID file), trying to connect once. */
export function clientFor(paths: DaemonPaths): BrowserClient {
  return new BrowserClient(undefined, { home: paths.home, connectRetries: 1 });
}
