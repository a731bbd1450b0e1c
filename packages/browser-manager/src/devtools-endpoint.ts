import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Browser, BrowserContext } from 'playwright-core';

/**
 * Where a launched Chromium's own DevTools WebSocket listens. Playwright drives the browser over a pipe;
 * we also start it with `--remote-debugging-port=0` (loopback) so the server's CDP proxy can open one
 * connection per attached client. The OS picks the port and Chromium writes it, with the browser
 * target's path, to `DevToolsActivePort` in its user data dir; the dir is on the browser process's
 * command line, and the process id comes from CDP (`SystemInfo.getProcessInfo`).
 */
export const DEVTOOLS_PORT_ARG = '--remote-debugging-port=0';

const execFileAsync = promisify(execFile);

async function commandLineOf(pid: number): Promise<string[]> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  } catch {
    // Not Linux: ps prints the arguments space-separated (Playwright's temp dirs have no spaces).
    const { stdout } = await execFileAsync('ps', ['-ww', '-o', 'args=', '-p', String(pid)]);
    return stdout.trim().split(/\s+/);
  }
}

async function readActivePort(dir: string, timeoutMs: number): Promise<{ port: number; path: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const [port, path] = (await readFile(`${dir}/DevToolsActivePort`, 'utf8')).split('\n');
      if (port && path && Number(port) > 0) return { port: Number(port), path };
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error(`Chromium did not write ${dir}/DevToolsActivePort`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The browser target's WebSocket URL (`ws://127.0.0.1:<port>/devtools/browser/<guid>`). */
export async function findDevToolsEndpoint(browser: Browser, timeoutMs: number): Promise<string> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    const pid = processInfo.find((p) => p.type === 'browser')?.id;
    if (!pid) throw new Error('Chromium did not report its browser process');
    const args = await commandLineOf(pid);
    if (!args.some((a) => a.startsWith('--remote-debugging-port='))) {
      throw new Error('this browser was launched without a DevTools port');
    }
    const dirArg = args.find((a) => a.startsWith('--user-data-dir='));
    if (!dirArg) throw new Error('the browser process has no --user-data-dir');
    const { port, path } = await readActivePort(dirArg.slice('--user-data-dir='.length), timeoutMs);
    return `ws://127.0.0.1:${port}${path}`;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The CDP id of a context (Playwright does not expose it): asked of one of its pages' targets. */
export async function browserContextIdOf(context: BrowserContext): Promise<string> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  try {
    const { targetInfo } = (await cdp.send('Target.getTargetInfo')) as {
      targetInfo: { browserContextId?: string };
    };
    if (!targetInfo.browserContextId) throw new Error('the page reported no browser context');
    return targetInfo.browserContextId;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
