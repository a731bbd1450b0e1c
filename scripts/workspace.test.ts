import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const packageDirs = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => join(group, name)),
);
const manifest = (dir: string) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));

describe.each(packageDirs)('%s/package.json', (dir) => {
  const pkg = manifest(dir);

  it('is an ESM package exporting built files with types', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.files).toEqual(['dist']);
    expect(pkg.engines?.node).toBe('>=20.19');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
  });

  it('has a one-line tsconfig extending the shared one', () => {
    const text = readFileSync(join(root, dir, 'tsconfig.json'), 'utf8').trim();
    expect(text).toBe('{ "extends": "../../tsconfig.base.json" }');
  });

  it.runIf(!pkg.private)('is publishable: public name, license and a README', () => {
    expect(pkg.name).toMatch(/^@marketbridge\//);
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(root, dir, 'README.md'), 'utf8').length).toBeGreaterThan(200);
  });
});

describe('the client import boundary', () => {
  const clientDir = join(root, 'packages/client');
  const allowed = (spec: string) =>
    spec.startsWith('.') || spec.startsWith('node:') || spec === 'ky' || spec === '@marketbridge/api-types';

  it('depends only on @marketbridge/api-types and ky', () => {
    for (const dep of Object.keys(manifest('packages/client').dependencies ?? {})) {
      expect(['ky', '@marketbridge/api-types']).toContain(dep);
    }
  });

  it('imports nothing else in its sources (tests excepted)', () => {
    const files = readdirSync(join(clientDir, 'src'), { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('test-fixtures'),
    );
    expect(files.length).toBeGreaterThan(0);
    const offenders: string[] = [];
    for (const file of files) {
      const source = readFileSync(join(clientDir, 'src', file), 'utf8');
      for (const match of source.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)) {
        if (!allowed(match[1] as string)) offenders.push(`${file}: ${match[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('would catch a forbidden import', () => {
    expect(allowed('@marketbridge/server')).toBe(false);
    expect(allowed('express')).toBe(false);
    expect(allowed('ky')).toBe(true);
  });
});
