// Run in a separate process: launches a browser, prints the manager's instance id, then waits to be killed.
import { BrowserManager } from '../manager.js';

const manager = await BrowserManager.create({ home: process.argv[2] as string, saveIntervalMs: 0 });
await manager.createSession({ name: 'orphan' });
console.log(manager.instanceId);
setInterval(() => undefined, 1_000);
