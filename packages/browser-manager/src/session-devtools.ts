import type { BrowserContext } from 'playwright-core';
import type { BrowserPool } from './browser-pool.js';
import { browserContextIdOf } from './devtools-endpoint.js';
import { CdpUnavailableError, SessionUnavailableError } from './errors.js';
import type { ManagedSession } from './managed-session.js';
import type { BrowserManagerOptions, DevToolsTarget } from './types.js';
import { withTimeout } from './with-timeout.js';

/** What the server's CDP proxy needs of a session: where its browser listens, and which context is its. */
export class SessionDevtools {
  readonly #contextIds = new WeakMap<BrowserContext, Promise<string>>();

  constructor(
    private readonly pool: BrowserPool,
    private readonly options: BrowserManagerOptions,
    private readonly startTimeoutMs: number,
  ) {}

  /**
   * The browser's DevTools socket and the session's context id. Waits for a restore or recycle in
   * progress; the id changes when the context is replaced (crash, recycle) and clients reconnect.
   */
  async target(session: ManagedSession): Promise<DevToolsTarget> {
    const { browserType } = session.identity;
    if (browserType !== 'chromium') {
      throw new CdpUnavailableError(
        `Session "${session.name}" runs ${browserType}; CDP (the Chrome DevTools Protocol) is Chromium's. ` +
          'Create a chromium session to attach Playwright, Puppeteer or DevTools to it.',
      );
    }
    if (this.options.browserEndpoint) {
      throw new CdpUnavailableError(
        'The sessions run in a remote browser server (browserEndpoint); CDP clients can attach only to browsers this server launched.',
      );
    }
    if (this.options.cdp === false) {
      throw new CdpUnavailableError('CDP attach is turned off on this server (started with --no-cdp).');
    }
    // A restore or a recycle in progress ends with the context to attach to.
    if (session.restoring) await session.restoring.catch(() => undefined);
    if (session.recycling) await session.recycling.catch(() => undefined);
    const context = session.context;
    if (!context || session.status !== 'active') {
      throw new SessionUnavailableError(session.name, `it is ${session.status}`);
    }
    let contextId = this.#contextIds.get(context);
    if (!contextId) {
      contextId = browserContextIdOf(context);
      this.#contextIds.set(context, contextId);
      contextId.catch(() => this.#contextIds.delete(context));
    }
    const browser = context.browser();
    if (!browser) throw new SessionUnavailableError(session.name, 'its browser is gone');
    const [browserWsUrl, browserContextId] = await withTimeout(
      Promise.all([this.pool.devtoolsEndpoint(browser), contextId]),
      this.startTimeoutMs,
      `Finding the DevTools endpoint of "${session.name}"`,
    );
    return { browserWsUrl, browserContextId };
  }

  /** The DevTools target of each of the session's pages (a page-level connection), the active one marked. */
  async pages(session: ManagedSession): Promise<{ targetId: string; url: string; active: boolean }[]> {
    const context = session.context;
    if (!context) throw new SessionUnavailableError(session.name, `it is ${session.status}`);
    const active = session.activePage;
    return Promise.all(
      session.pages.map(async (page) => {
        const cdp = await context.newCDPSession(page);
        try {
          const { targetInfo } = (await cdp.send('Target.getTargetInfo')) as {
            targetInfo: { targetId: string };
          };
          return { targetId: targetInfo.targetId, url: page.url(), active: page === active };
        } finally {
          await cdp.detach().catch(() => undefined);
        }
      }),
    );
  }
}
