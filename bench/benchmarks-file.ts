import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { locateBrowser } from '@marketbridge/browser-manager';

const require = createRequire(join(import.meta.dirname, '..', 'packages', 'browser-manager', 'package.json'));
const playwrightCoreVersion = () => (require('playwright-core/package.json') as { version: string }).version;

export const BENCHMARKS_FILE = join(import.meta.dirname, '..', 'BENCHMARKS.md');

export function machineDescription(): string {
  const cpu = cpus();
  return (
    `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` +
    `${process.platform}/${process.arch} (kernel ${release()}), Node.js ${process.version}, ${browserVersion()}, ` +
    `playwright-core ${playwrightCoreVersion()}`
  );
}

function browserVersion(): string {
  try {
    return execFileSync(locateBrowser('chromium').executablePath, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'Chromium (version unknown)';
  }
}

const start = (name: string) => `<!-- ${name}:start -->`;
const end = (name: string) => `<!-- ${name}:end -->`;

/** The block `name` of BENCHMARKS.md, markers included ('' when absent): written by a separate command. */
export function readBlock(name: string): string {
  return readBlockOf(readBenchmarksFile(), name);
}

export function readBenchmarksFile(): string {
  return existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : '';
}

/** `doc` with block `name` replaced by `content` (appended when absent). */
export function withBlock(doc: string, name: string, content: string): string {
  const block = `${start(name)}\n${content.trim()}\n${end(name)}`;
  const from = doc.indexOf(start(name));
  const to = doc.indexOf(end(name));
  if (from >= 0 && to > from) return doc.slice(0, from) + block + doc.slice(to + end(name).length);
  return `${doc.trimEnd()}\n\n${block}\n`;
}

/** The block name under which `pnpm bench` keeps the sections of one bench file. */
export const benchBlockName = (benchFile: string) => `bench ${benchFile}`;

/**
 * Blocks no bench file writes, kept by a full run: the soak's (`pnpm soak`), and a profile and a memory
 * study written by hand.
 */
const KEPT_BLOCKS = ['soak', 'profile', 'memory'];

/**
 * BENCHMARKS.md after a `pnpm bench` run: a full run (`filtered` false) writes a new document with its
 * blocks; a filtered run replaces only the blocks it ran and keeps the rest of `previous`. The kept
 * blocks (the soak's, the hand-written profile and memory study) are always kept.
 */
export function benchDocument(
  previous: string,
  blocks: { name: string; content: string }[],
  options: { filtered: boolean; header: string },
): string {
  const kept = KEPT_BLOCKS.map((name) => readBlockOf(previous, name)).filter(Boolean);
  let doc = options.filtered && previous.trim() ? previous : `${options.header.trimEnd()}\n`;
  for (const block of blocks) doc = withBlock(doc, block.name, block.content);
  if (!options.filtered) for (const block of kept) doc = `${doc.trimEnd()}\n\n${block}\n`;
  return doc;
}

function readBlockOf(doc: string, name: string): string {
  const from = doc.indexOf(start(name));
  const to = doc.indexOf(end(name));
  return from >= 0 && to > from ? doc.slice(from, to + end(name).length) : '';
}
