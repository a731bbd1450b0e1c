// One arm of the soak: a real `mb-browser serve` process in its own home, and sessions driven like a
// trader's script would (open MarketBridge, subscribe, read quotes, take screenshots), round after round.
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserClient } from '@marketbridge/client';
import { BrowserController } from '@marketbridge/controller';
import { createTempHome, deadPort, type TempHome } from '@marketbridge/test-helpers';
import { processRssMb, procTable, treeMemory } from '../../../bench/proc-memory.js';

const BIN = join(import.meta.dirname, '..', 'dist', 'bin.js');
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOG', 'META', 'TSLA', 'IBM'];
const READS_PER_ROUND = 10;
const READ_PAUSE_MS = 300;
const SCREENSHOT_EVERY_ROUNDS = 5;

export interface ArmOptions {
  label: string;
  sessions: number;
  marketbridgeUrl: string;
  /** Extra `serve` flags, e.g. `--recycle-after-minutes 5`. */
  serveArgs: string[];
}

export interface ArmSample {
  atSeconds: number;
  serverRssMb: number;
  browsersPssMb: number;
  browserProcesses: number;
  /** Browsers' PSS by Chromium process kind (browser, renderer, gpu-process, utility, zygote). */
  browsersByKind: Record<string, number>;
  operations: number;
}

export interface ArmTotals {
  label: string;
  operations: number;
  failed: number;
  /** Quote reads that found no row (in-page subscriptions lost to a page reload, e.g. by recycling). */
  quotesMissing: number;
  recycled: number;
  firstErrors: string[];
}

export class SoakArm {
  readonly totals: ArmTotals;
  readonly samples: ArmSample[] = [];
  #server: ChildProcess | undefined;
  #home: TempHome | undefined;
  #client: BrowserClient | undefined;
  #stopping = false;
  #workers: Promise<void>[] = [];

  constructor(readonly options: ArmOptions) {
    this.totals = {
      label: options.label,
      operations: 0,
      failed: 0,
      quotesMissing: 0,
      recycled: 0,
      firstErrors: [],
    };
  }

  async start(): Promise<void> {
    this.#home = createTempHome('mb-soak-');
    const port = await deadPort();
    const token = `soak-${Math.random().toString(36).slice(2)}-token`;
    const log = openSync(join(this.#home.dir, 'serve.out'), 'a');
    this.#server = spawn(
      process.execPath,
      [
        BIN,
        'serve',
        '--home',
        this.#home.dir,
        '--port',
        String(port),
        '--token',
        token,
        ...this.options.serveArgs,
      ],
      { stdio: ['ignore', log, log] },
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    this.#client = new BrowserClient(baseUrl, { token });
    // A server starts in about a second on a quiet machine; beside a second test suite it has taken 30 s.
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (this.#server.exitCode !== null)
        throw new Error(`${this.options.label}: the server exited; see ${this.#home.dir}/serve.out`);
      try {
        await this.#client.serverHealth();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(200);
      }
    }
    const started = Array.from(
      { length: this.options.sessions },
      (_, i) => new Promise<void>((resolve) => this.#workers.push(this.#work(i, resolve))),
    );
    await Promise.all(started);
  }

  /** The server's and its browsers' memory now, and the operations done so far. */
  sample(atSeconds: number): ArmSample {
    const pid = this.#server?.pid ?? 0;
    const table = procTable([pid]);
    const browsers = treeMemory(pid, false, table);
    const sample = {
      atSeconds,
      serverRssMb: processRssMb(pid, table),
      browsersPssMb: browsers.mb,
      browserProcesses: browsers.processes,
      browsersByKind: browsers.byKind,
      operations: this.totals.operations,
    };
    this.samples.push(sample);
    return sample;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#workers);
    const stats = await this.#client?.stats().catch(() => undefined);
    this.totals.recycled = stats?.sessionsRecycled ?? 0;
    const server = this.#server;
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    this.#home?.remove();
  }

  /** Calls `started` once its session is open (or failed to open). */
  async #work(index: number, started: () => void): Promise<void> {
    const controller = new BrowserController({
      client: this.#client,
      marketbridgeUrl: this.options.marketbridgeUrl,
      logger: false,
    });
    const op = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
      try {
        const result = await fn();
        this.totals.operations++;
        return result;
      } catch (error) {
        this.totals.failed++;
        if (this.totals.firstErrors.length < 5)
          this.totals.firstErrors.push(`${what}: ${(error as Error).message.split('\n')[0]}`);
        await sleep(1_000);
        return undefined;
      }
    };
    const session = await op('start session', () => controller.startSession(`soak-${index}`));
    started();
    for (let round = 0; !this.#stopping && session; round++) {
      await op('navigate', () => controller.navigateToMarketBridge());
      const ready = await op('wait ready', () => controller.waitForMarketBridgeReady({ connected: true }));
      if (!ready) continue;
      const symbols = [0, 1, 2].map((k) => SYMBOLS[(index + round + k) % SYMBOLS.length] as string);
      for (const symbol of symbols) await op('subscribe', () => controller.subscribeToMarketData(symbol));
      for (let i = 0; i < READS_PER_ROUND && !this.#stopping; i++) {
        const quote = await op('read quote', () => controller.getMarketData(symbols[i % 3] as string));
        if (quote === null) this.totals.quotesMissing++;
        await sleep(READ_PAUSE_MS);
      }
      if (round % SCREENSHOT_EVERY_ROUNDS === 0) await op('screenshot', () => session.screenshot());
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
