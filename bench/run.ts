// Runs every `packages/*/bench/*.bench.ts` and `apps/*/bench/*.bench.ts` (or those matching argv filters)
// in order and writes BENCHMARKS.md with the machine description.
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BENCHMARKS_FILE,
  benchBlockName,
  benchDocument,
  machineDescription,
  readBenchmarksFile,
} from './benchmarks-file.js';
import type { BenchModule, BenchSection } from './types.js';

const root = join(import.meta.dirname, '..');
const filters = process.argv.slice(2);

function benchFiles(): string[] {
  const files: string[] = [];
  for (const group of ['packages', 'apps']) {
    for (const pkg of readdirSync(join(root, group))) {
      const dir = join(root, group, pkg, 'bench');
      let entries: string[] = [];
      try {
        entries = readdirSync(dir);
      } catch {
        continue;
      }
      for (const f of entries.filter((e) => e.endsWith('.bench.ts')).sort()) files.push(join(dir, f));
    }
  }
  return files.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
}

function table(rows: (string | number)[][]): string {
  const [head, ...body] = rows;
  if (!head) return '';
  const line = (r: (string | number)[]) => `| ${r.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

const blocks: { name: string; content: string }[] = [];
for (const file of benchFiles()) {
  const name = relative(root, file);
  process.stdout.write(`bench: ${name} ...\n`);
  const started = performance.now();
  const mod = (await import(pathToFileURL(file).href)) as BenchModule;
  const result = await mod.default();
  const sections = [`_Run on ${new Date().toISOString()}._`];
  for (const s of ([] as BenchSection[]).concat(result)) {
    sections.push(
      [
        `## ${s.title}`,
        '',
        s.description,
        '',
        `Source: \`${name}\``,
        '',
        table(s.table),
        '',
        ...(s.notes ?? []),
      ]
        .join('\n')
        .trimEnd(),
    );
  }
  blocks.push({ name: benchBlockName(name), content: sections.join('\n\n') });
  process.stdout.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

const header = [
  '# Benchmarks',
  '',
  `Written by \`pnpm bench\` on ${new Date().toISOString()}.`,
  '',
  `Machine: ${machineDescription()}.`,
  '',
  'Reproduce: `pnpm build && pnpm bench` (or `pnpm bench <filter>` to rerun only the benches whose path contains the filter: their blocks are replaced, the rest of the file is kept).',
].join('\n');
writeFileSync(
  BENCHMARKS_FILE,
  benchDocument(readBenchmarksFile(), blocks, { filtered: filters.length > 0, header }),
);
console.log(`bench: wrote BENCHMARKS.md (${blocks.length} bench files)`);
