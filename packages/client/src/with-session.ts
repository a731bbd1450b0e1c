import { BrowserClient, type CreateSessionOptions } from './browser-client.js';
import type { SessionHandle } from './session-handle.js';

export interface WithSessionOptions extends CreateSessionOptions {
  client?: BrowserClient;
  /** After `fn`: keep the session for the next run (default), or delete it (`keepState` keeps its saved state). */
  cleanup?: 'keep' | 'delete' | 'delete-keep-state';
}

/**
 * Reuses the live session `name` (or creates it), runs `fn` with it, then keeps or deletes it. For test
 * runners: a spec gets the same logged-in page every run instead of starting a browser.
 */
export async function withSession<T>(
  name: string,
  fn: (session: SessionHandle, client: BrowserClient) => Promise<T>,
  { client = new BrowserClient(), cleanup = 'keep', ...options }: WithSessionOptions = {},
): Promise<T> {
  const session = await client.createSession(name, { ...options, reuse: true });
  try {
    return await fn(session, client);
  } finally {
    if (cleanup !== 'keep') await session.delete({ keepState: cleanup === 'delete-keep-state' });
  }
}
