import type { Example } from '../example.js';

export const concurrentSessions: Example = {
  name: 'concurrent sessions',
  description: 'three isolated sessions work in parallel; their storage never mixes',
  async run({ client, marketbridgeUrl, log }) {
    const names = ['example-desk-1', 'example-desk-2', 'example-desk-3'];
    const started = performance.now();
    const results = await Promise.all(
      names.map(async (name, i) => {
        const session = await client.createSession(name, { reuse: true, url: marketbridgeUrl });
        await session.executeJs('localStorage.setItem("desk", args[0])', name);
        await session.fill('#symbol', ['AAPL', 'MSFT', 'ES'][i] as string);
        return { name, desk: await session.executeJs<string>('localStorage.getItem("desk")') };
      }),
    );
    for (const r of results)
      if (r.desk !== r.name) throw new Error(`${r.name} saw ${r.desk}: storage leaked`);
    log(`${names.length} sessions in ${(performance.now() - started).toFixed(0)} ms`);
    await Promise.all(names.map((n) => client.deleteSession(n)));
    return `${results.length} sessions ran in parallel, each saw only its own localStorage`;
  },
};
