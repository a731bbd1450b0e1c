import type winston from 'winston';
import type { SessionService } from './session-service.js';

export interface BackgroundOptions {
  intervalMs: number;
  /** Close sessions idle longer than this (state kept); undefined turns idle cleanup off. */
  maxIdleHours: number | undefined;
}

/**
 * The server's background loop, every `intervalMs`: checks the browsers (logs a disconnected one),
 * writes every live session's URL and page count to the registry, closes idle sessions, and applies
 * the retention rule to kept (inactive) sessions.
 * (Periodic state saves are the manager's own `saveIntervalMs` loop.) Runs never overlap.
 */
export class BackgroundLoop {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #disconnected = new Set<string>();

  constructor(
    private readonly sessions: SessionService,
    private readonly logger: winston.Logger,
    private readonly options: BackgroundOptions,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.#timer.unref();
  }

  /** One pass; also awaited by tests. */
  runOnce(): Promise<void> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  async #pass(): Promise<void> {
    try {
      const browsers = await this.sessions.manager.browsers();
      for (const b of browsers) {
        const key = `${b.browserType}:${b.headless ? 'headless' : 'headed'}`;
        if (!b.connected && !this.#disconnected.has(key)) {
          this.#disconnected.add(key);
          this.logger.warn(`Browser ${key} is disconnected; its sessions are being restored`);
        } else if (b.connected) this.#disconnected.delete(key);
      }
      this.sessions.refreshRecords();
      // Idle cleanup applies the retention rule itself; without it, apply it here.
      if (this.options.maxIdleHours !== undefined) await this.sessions.cleanup(this.options.maxIdleHours);
      else await this.sessions.forgetExpired();
    } catch (error) {
      this.logger.warn(`Background check failed: ${(error as Error).message}`);
    }
  }
}
