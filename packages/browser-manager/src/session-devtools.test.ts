// CDP is Chromium's: a Firefox or WebKit session, a remote browser server, or cdp: false answer a clear
// error before anything is touched. (Firefox and WebKit cannot be installed here; these sessions are stubs.)
import { describe, expect, it } from 'vitest';
import type { BrowserPool } from './browser-pool.js';
import { CdpUnavailableError } from './errors.js';
import type { ManagedSession } from './managed-session.js';
import { SessionDevtools } from './session-devtools.js';

const untouchable = new Proxy({} as BrowserPool, {
  get: () => {
    throw new Error('the pool must not be asked');
  },
});

function sessionOf(browserType: 'chromium' | 'firefox' | 'webkit'): ManagedSession {
  return { name: `a-${browserType}`, identity: { browserType } } as unknown as ManagedSession;
}

describe('SessionDevtools.target refuses what CDP cannot reach', () => {
  it.each(['firefox', 'webkit'] as const)('a %s session', async (browserType) => {
    const error = await new SessionDevtools(untouchable, {}, 1_000)
      .target(sessionOf(browserType))
      .catch((e) => e);
    expect(error).toBeInstanceOf(CdpUnavailableError);
    expect(error.code).toBe('cdp_unavailable');
    expect(error.message).toBe(
      `Session "a-${browserType}" runs ${browserType}; CDP (the Chrome DevTools Protocol) is Chromium's. ` +
        'Create a chromium session to attach Playwright, Puppeteer or DevTools to it.',
    );
  });

  it('a remote browser server, and a manager with cdp: false', async () => {
    const remote = await new SessionDevtools(untouchable, { browserEndpoint: 'ws://x' }, 1_000)
      .target(sessionOf('chromium'))
      .catch((e) => e);
    expect(remote.message).toMatch(/remote browser server/);
    const off = await new SessionDevtools(untouchable, { cdp: false }, 1_000)
      .target(sessionOf('chromium'))
      .catch((e) => e);
    expect(off.message).toMatch(/--no-cdp/);
  });
});
