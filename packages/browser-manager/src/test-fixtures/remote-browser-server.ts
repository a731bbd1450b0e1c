import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { descendantsOf } from '@marketbridge/test-helpers';

export interface RemoteBrowserServer {
  readonly endpoint: string;
  readonly process: ChildProcess;
  /** The Chromium main process(es) this server launched. */
  browserPids(): number[];
  /** Sends `signal` and waits until the server process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * A Playwright browser server (`launchServer`) in another process, as on another machine. With a fixed
 * `port` and `wsPath`, a restarted one comes back at the same endpoint.
 */
export async function startBrowserServer(port = 0, wsPath?: string): Promise<RemoteBrowserServer> {
  const script = fileURLToPath(new URL('./browser-server.ts', import.meta.url));
  const args = ['--import', 'tsx', script, String(port), ...(wsPath ? [wsPath] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`browser server exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    endpoint,
    process: child,
    browserPids: () => {
      const mains = descendantsOf(
        child.pid as number,
        (cmd) => cmd.includes('chrom') && !cmd.includes('--type='),
      );
      // A child the browser has forked but not yet exec'd still shows the browser's command line.
      return mains.filter((pid) => !mains.some((other) => descendantsOf(other).includes(pid)));
    },
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Listens on `port` and drops every connection: each reconnect attempt shows up as one connection. */
export async function countConnections(port: number): Promise<{ count(): number; close(): Promise<void> }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    count: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A listener on `port` that accepts connections and never answers: a connect attempt to it hangs. */
export async function holdConnections(port: number): Promise<{ count(): number; close(): Promise<void> }> {
  const held: Socket[] = [];
  const server = createServer((socket) => {
    held.push(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    count: () => held.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of held) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
