// Run in a separate process: makes a session with state, closes the manager (which saves), prints its id.
import { BrowserManager } from '../manager.js';

const [home, siteUrl] = process.argv.slice(2) as [string, string];
const manager = await BrowserManager.create({ home, saveIntervalMs: 0 });
const { session } = await manager.createSession({
  name: 'cross-process',
  url: `${siteUrl}/set-cookie?header=set`,
});
await manager.navigate(session.id, { url: `${siteUrl}/state` });
await manager.navigate(session.id, { url: `${siteUrl}/form` });
await manager.close();
console.log(JSON.stringify({ id: session.id }));
