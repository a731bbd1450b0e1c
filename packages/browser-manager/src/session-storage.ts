import type {
  AddCookiesResponse,
  ClearCookiesQuery,
  ClearCookiesResponse,
  Cookie,
  SetCookie,
  StorageState,
  StorageStateResponse,
} from '@marketbridge/api-types';
import { ActionError, InvalidOptionError } from './errors.js';
import type { ManagedSession } from './managed-session.js';
import type { OperationRunner } from './operation-runner.js';
import { checkCookies } from './profile-options.js';
import type { StateSaver } from './state-saver.js';
import type { SessionIdentity } from './types.js';

export interface SessionStorageDeps {
  runner: OperationRunner;
  saver: StateSaver;
  defaultTimeoutMs: number;
}

/** What a session's context holds, in and out: its cookies and its storage state. In the session's queue like any operation. */
export class SessionStorage {
  constructor(private readonly deps: SessionStorageDeps) {}

  #run<T>(idOrName: string, what: string, fn: (session: ManagedSession) => Promise<T>): Promise<T> {
    return this.deps.runner.run(
      idOrName,
      what,
      this.deps.defaultTimeoutMs,
      (_page, session) => {
        if (!session.context) throw new ActionError('The session has no browser context.');
        return fn(session);
      },
      (message, cause) => new ActionError(`${what} failed: ${message}`, { cause }),
    );
  }

  /** The cookies of the session (those `url` would be sent, with `url`), of name `name` when given. */
  async cookies(
    idOrName: string,
    filter: { url?: string | undefined; name?: string | undefined } = {},
  ): Promise<Cookie[]> {
    if (filter.url !== undefined) {
      try {
        new URL(filter.url);
      } catch {
        throw new InvalidOptionError(`url "${filter.url.slice(0, 100)}" is not a URL.`);
      }
    }
    return this.#run(idOrName, 'Reading cookies', async (session) => {
      const all = await session.context!.cookies(filter.url);
      return filter.name === undefined ? all : all.filter((c) => c.name === filter.name);
    });
  }

  /** Adds (or replaces) cookies; a cookie the browser refuses is the request's fault (invalid_request). */
  async addCookies(idOrName: string, cookies: SetCookie[]): Promise<AddCookiesResponse> {
    checkCookies(cookies);
    return this.#run(idOrName, 'Adding cookies', async (session) => {
      const context = session.context!;
      await context.addCookies(cookies).catch((error: unknown) => {
        const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
        throw new InvalidOptionError(
          `Invalid cookies: the browser refused them (${message.replace(/^[a-zA-Z]+\.[a-zA-Z]+: /, '')}).`,
        );
      });
      this.deps.saver.schedule(session);
      return { added: cookies.length, cookies: (await context.cookies()).length };
    });
  }

  /** Removes the cookies matching every filter given (all of them without filters). */
  clearCookies(idOrName: string, filter: ClearCookiesQuery = {}): Promise<ClearCookiesResponse> {
    return this.#run(idOrName, 'Clearing cookies', async (session) => {
      const context = session.context!;
      const before = (await context.cookies()).length;
      await context.clearCookies({
        ...(filter.name !== undefined ? { name: filter.name } : {}),
        ...(filter.domain !== undefined ? { domain: filter.domain } : {}),
        ...(filter.path !== undefined ? { path: filter.path } : {}),
      });
      const after = (await context.cookies()).length;
      this.deps.saver.schedule(session);
      return { removed: before - after, cookies: after };
    });
  }

  /** What a clone of the session starts from: its identity, its storage state and its page URLs, read between two of its operations. */
  cloneSource(
    idOrName: string,
  ): Promise<{ identity: SessionIdentity; storage: StorageState; urls: string[] }> {
    return this.#run(idOrName, 'Reading the session to clone', async (session) => {
      const storage = await session.context!.storageState();
      session.rememberUrls();
      return { identity: session.identity, storage, urls: [...session.lastUrls] };
    });
  }

  /** Playwright's storage state of the session: its cookies and each origin's localStorage. */
  storageState(idOrName: string): Promise<StorageStateResponse> {
    return this.#run(idOrName, 'Reading the storage state', (session) => session.context!.storageState());
  }
}
