import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BrowserManager } from '@marketbridge/browser-manager';
import type { Example } from '../example.js';

const page = `<!doctype html><title>Counter</title><h1 id="n"></h1><script>
const n = Number(localStorage.getItem('visits') ?? 0) + 1;
localStorage.setItem('visits', String(n));
document.getElementById('n').textContent = 'Visit #' + n;
</script>`;

/** The core promise, in-process: a named session comes back with its state after its owner restarts. */
export const embeddedPersistence: Example = {
  name: 'embedded: session survives a restart',
  description: 'browser-manager in-process; localStorage and URL come back in a new manager',
  async run({ home, log }) {
    const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/counter`;
    try {
      let manager = await BrowserManager.create({ home });
      await manager.createSession({ name: 'demo', url });
      log(`first manager: ${await manager.execute('demo', "document.querySelector('#n').textContent")}`);
      await manager.close();

      manager = await BrowserManager.create({ home });
      const { restored, session } = await manager.createSession({ name: 'demo' });
      const text = await manager.execute('demo', "document.querySelector('#n').textContent");
      log(`second manager: restored=${restored}, ${session.currentUrl}, ${text}`);
      const shot = join(home, 'screenshots', 'demo.png');
      const { mkdir, writeFile } = await import('node:fs/promises');
      await mkdir(join(home, 'screenshots'), { recursive: true });
      await writeFile(shot, await manager.screenshot('demo'));
      await manager.close();
      if (!restored || text !== 'Visit #2')
        throw new Error(`expected the restored page to read "Visit #2", got "${text}"`);
      return `restored with localStorage intact (${text}); screenshot ${shot}`;
    } finally {
      server.close();
    }
  },
};
