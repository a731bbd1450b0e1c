import type { FileHandle } from 'node:fs/promises';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import Transport from 'winston-transport';

const MESSAGE = Symbol.for('message');

export interface LogFileTransportOptions extends Transport.TransportStreamOptions {
  file: string;
  /** Rotate once the file reaches this size, bytes. */
  maxSize: number;
  /** Files kept, the current one included. */
  maxFiles: number;
  /** Told once when writing starts failing, and once when it works again. */
  onTrouble?: (message: string) => void;
}

/**
 * Log lines appended to `file`, rotated by size: `file` is always the newest, older ones are
 * `<name>1<ext>` (the previous) up to `<name><maxFiles-1><ext>`, as winston's tailable File transport
 * names them. Unlike that transport, whose file stream dies for good on its first write error (a full
 * disk), a line that cannot be written is dropped and the next one tries again, so logging comes back
 * by itself once there is room — with a line saying how many were lost.
 */
export class LogFileTransport extends Transport {
  readonly #options: LogFileTransportOptions;
  #handle: FileHandle | undefined;
  #size = 0;
  #dropped = 0;
  #lastError = '';

  constructor(options: LogFileTransportOptions) {
    super(options);
    this.#options = options;
  }

  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    void this.#append(`${String(info[MESSAGE])}\n`).finally(() => {
      this.emit('logged', info);
      callback();
    });
  }

  override close(): void {
    void this.#handle?.close().catch(() => undefined);
    this.#handle = undefined;
  }

  async #append(line: string): Promise<void> {
    try {
      // The note of a loss goes with the next line, in one write: both are in the file, or neither.
      await this.#write(this.#dropped > 0 ? this.#droppedNote() + line : line);
      if (this.#dropped > 0) {
        this.#options.onTrouble?.(
          `Writing ${this.#options.file} works again; ${this.#dropped} line(s) were lost`,
        );
        this.#dropped = 0;
      }
    } catch (error) {
      this.#lastError = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      if (this.#dropped++ === 0)
        this.#options.onTrouble?.(
          `Could not write ${this.#options.file} (${this.#lastError}); log lines are dropped until it can be written again`,
        );
      return;
    }
    if (this.#size >= this.#options.maxSize)
      await this.#rotate().catch((error: unknown) =>
        this.#options.onTrouble?.(`Could not rotate ${this.#options.file}: ${(error as Error).message}`),
      );
  }

  async #write(text: string): Promise<void> {
    const handle = this.#handle ?? (await this.#open());
    try {
      await handle.appendFile(text, 'utf8');
    } catch (error) {
      // A full disk can take part of the line: cut it off, so the file holds whole lines only.
      await handle.truncate(this.#size).catch(() => undefined);
      throw error;
    }
    this.#size += Buffer.byteLength(text);
  }

  async #open(): Promise<FileHandle> {
    const handle = await open(this.#options.file, 'a', 0o600);
    this.#size = (await handle.stat()).size;
    this.#handle = handle;
    return handle;
  }

  #droppedNote(): string {
    return `${JSON.stringify({
      level: 'warn',
      message: `${this.#dropped} log line(s) were dropped while ${this.#options.file} could not be written (${this.#lastError})`,
      timestamp: new Date().toISOString(),
    })}\n`;
  }

  async #rotate(): Promise<void> {
    const { file, maxFiles } = this.#options;
    await this.#handle?.close();
    this.#handle = undefined;
    const ext = extname(file);
    const numbered = (n: number) => join(dirname(file), `${basename(file, ext)}${n}${ext}`);
    if (maxFiles <= 1) {
      await rm(file, { force: true });
    } else {
      await rm(numbered(maxFiles - 1), { force: true });
      for (let n = maxFiles - 2; n >= 1; n--)
        await rename(numbered(n), numbered(n + 1)).catch(() => undefined);
      await rename(file, numbered(1));
    }
    await this.#open(); // the newest file always exists, for readers following it
  }
}
