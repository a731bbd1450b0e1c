import type { Session } from '@marketbridge/api-types';
import { type SessionPatch, SessionRegistry } from '@marketbridge/registry';
import { createTempHome } from '@marketbridge/test-helpers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import winston from 'winston';
import { RegistrySync } from './registry-sync.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('RegistrySync', () => {
  it('queues at most one activity write behind a slow one: the newest patch, once it is done', async () => {
    using home = createTempHome('mb-sync-');
    const registry = new SessionRegistry({ file: home.registryFile });
    const record = await registry.create({ sessionName: 'busy' });
    // A registry whose writes hang until released, as on a full thread pool or a slow disk.
    const written: SessionPatch[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const update = registry.update.bind(registry);
    registry.update = async (id, patch) => {
      written.push(patch);
      await held;
      return update(id, patch);
    };
    const sync = new RegistrySync(registry, winston.createLogger({ silent: true }), 1_000);
    const session = (n: number) =>
      ({
        id: record.sessionId,
        currentUrl: `http://127.0.0.1/${n}`,
        pageCount: 1,
        lastActivity: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      }) as Session;

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    sync.touch(session(0)); // written at once, and held
    for (let n = 1; n <= 10; n++) {
      // Ten intervals of activity while the first write hangs.
      await vi.advanceTimersByTimeAsync(1_000);
      sync.touch(session(n));
    }
    await vi.advanceTimersByTimeAsync(1_000);
    vi.useRealTimers();
    expect(written).toHaveLength(1);

    release();
    await sync.flush();
    // One write behind the slow one, not one per interval; and it carries the newest activity.
    expect(written.map((p) => p.currentUrl)).toEqual(['http://127.0.0.1/0', 'http://127.0.0.1/10']);
    expect((await registry.get(record.sessionId))?.currentUrl).toBe('http://127.0.0.1/10');
    expect(sync.lastError).toBeUndefined();
  });
});
