import type { Example } from '../example.js';

export const cleanup: Example = {
  name: 'cleanup',
  description: 'sessions idle longer than an age are closed by one call',
  async run({ client, log }) {
    await client.createSession('example-stale', { reuse: true });
    const kept = await client.cleanupSessions({ maxAgeHours: 24 });
    const closed = await client.cleanupSessions({ maxAgeHours: 0 });
    log(`maxAgeHours 24 closed ${kept.length}; maxAgeHours 0 closed ${closed.length}`);
    if (closed.length === 0) throw new Error('expected the idle session to be cleaned up');
    return `closed ${closed.length} idle session(s)`;
  },
};
