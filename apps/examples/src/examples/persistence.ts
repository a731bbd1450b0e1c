import type { Example } from '../example.js';
import { inTwoProcesses } from '../two-processes.js';

const clientEntry = import.meta.resolve('@marketbridge/client');

const script = (step: 'first' | 'second') => `import { BrowserClient } from ${JSON.stringify(clientEntry)};
const client = new BrowserClient(process.env.MB_BROWSER_URL, { home: process.env.MARKETBRIDGE_HOME });
const session = await client.createSession('example-persist', { reuse: true });
${step === 'first' ? "await session.navigate(process.env.MARKETBRIDGE_URL); await session.executeJs(\"localStorage.setItem('note', 'left by process one')\");" : ''}
console.log(JSON.stringify({ id: session.id, url: session.info.currentUrl, note: await session.executeJs("localStorage.getItem('note')") }));
`;

export const persistence: Example = {
  name: 'persistence across two processes',
  description: 'one process leaves a session behind and exits; a second finds it by name, state intact',
  async run(ctx) {
    const [a, b] = await inTwoProcesses<{ id: string; url: string; note: string }>(ctx, '', script);
    if (a.id !== b.id || b.note !== 'left by process one')
      throw new Error("the second process did not find the first one's session");
    return `same session ${b.id.slice(0, 8)} at ${b.url}, localStorage intact`;
  },
};
