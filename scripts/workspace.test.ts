import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

// Which of our packages each package's production code may import. Leaves import none of ours; the
// browser manager knows nothing of HTTP or the registry; the controller reaches the server through the
// client only, and takes from api-types (the leaf everyone may import) only the seeded PRNG its demo
// market shares with the server's fuzzer.
const ALLOWED: Record<string, string[]> = {
  '@marketbridge/api-types': [],
  '@marketbridge/registry': [],
  '@marketbridge/test-helpers': ['@marketbridge/api-types'],
  '@marketbridge/browser-manager': ['@marketbridge/api-types'],
  '@marketbridge/server': [
    '@marketbridge/api-types',
    '@marketbridge/browser-manager',
    '@marketbridge/registry',
  ],
  '@marketbridge/client': ['@marketbridge/api-types'],
  '@marketbridge/controller': ['@marketbridge/api-types', '@marketbridge/client'],
  '@marketbridge/daemon': [
    '@marketbridge/api-types',
    '@marketbridge/browser-manager',
    '@marketbridge/client',
    '@marketbridge/controller',
    '@marketbridge/registry',
    '@marketbridge/server',
  ],
  '@marketbridge/examples': ['@marketbridge/client', '@marketbridge/controller', '@marketbridge/daemon'],
};

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map(
    (m) => m[1] as string,
  );
}

function sourceFiles(dir: string): string[] {
  return (
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|mts|mjs)$/.test(f) && !f.endsWith('.d.ts'))
      .filter((f) => !f.split('/').some((part) => part === 'node_modules' || part === 'dist'))
      // A README example being run writes `.readme-example.mjs` into its package for a moment: not source.
      .filter((f) => !basename(f).startsWith('.readme-example'))
      .map((f) => join(dir, f))
  );
}

const isTestCode = (file: string) =>
  /\.(test|spec)\.ts$|test-fixtures\/|\/specs\//.test(file) ||
  file.includes('/bench/') ||
  file.includes('/scripts/');

/** Violations of the boundary in `dir`: each as "file: import (why)". */
function boundaryViolations(dir: string, allowed: Record<string, string[]>): string[] {
  const pkg = manifest(dir);
  const deps = new Set(Object.keys(pkg.dependencies ?? {}));
  const devDeps = new Set([...deps, ...Object.keys(pkg.devDependencies ?? {}), 'vitest']);
  const ours = allowed[pkg.name];
  if (!ours) return [`${dir}: ${pkg.name} is not in the boundary table`];
  const problems: string[] = [];
  for (const file of sourceFiles(dir)) {
    const test = isTestCode(file);
    for (const spec of importsOf(join(root, file))) {
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) {
        // A relative import must stay inside its own package (no reaching into another's src/).
        const target = join(dirname(file), spec);
        if (!target.startsWith(`${dir}/`) && !target.startsWith('bench/'))
          problems.push(`${file}: ${spec} (outside ${dir})`);
        continue;
      }
      const name = packageOf(spec);
      if (name === pkg.name) continue;
      if (!(test ? devDeps : deps).has(name))
        problems.push(`${file}: ${spec} (not declared in package.json)`);
      if (!test && name.startsWith('@marketbridge/') && !ours.includes(name))
        problems.push(`${file}: ${spec} (${pkg.name} may not import ${name})`);
    }
  }
  return problems;
}

describe('import boundaries', () => {
  it('lists every package', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual(packageDirs.map((d) => manifest(d).name).sort());
  });

  it.each(packageDirs)('%s imports only what it may, and declares it', (dir) => {
    expect(boundaryViolations(dir, ALLOWED)).toEqual([]);
  });

  it.each(packageDirs)('%s declares only allowed packages of ours as dependencies', (dir) => {
    const pkg = manifest(dir);
    const ours = Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith('@marketbridge/'));
    expect(ours.filter((d) => !ALLOWED[pkg.name]?.includes(d))).toEqual([]);
  });

  it('the client depends on @marketbridge/api-types and ky only', () => {
    expect(Object.keys(manifest('packages/client').dependencies ?? {}).sort()).toEqual([
      '@marketbridge/api-types',
      'ky',
    ]);
  });

  it('the controller takes only the seeded PRNG from @marketbridge/api-types', () => {
    const clauses = sourceFiles('packages/marketbridge-controller')
      .filter((file) => !isTestCode(file))
      .flatMap((file) =>
        [
          ...readFileSync(join(root, file), 'utf8').matchAll(
            /import\s+([^;]*?)\s*from\s*['"]@marketbridge\/api-types(?:\/[^'"]*)?['"]/g,
          ),
        ].map((m) => (m[1] as string).replace(/\s+/g, ' ')),
      );
    expect(new Set(clauses)).toEqual(new Set(['{ seededRandom }']));
  });

  it('nothing outside a package imports its src/ (the root bench and scripts included)', () => {
    const outside = [...sourceFiles('bench'), ...sourceFiles('scripts')];
    const offenders = outside.flatMap((file) =>
      importsOf(join(root, file))
        .filter((spec) => /(^|\/)(packages|apps)\/[^/]+\/src\//.test(join(dirname(file), spec)))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('would catch a forbidden import', () => {
    const strict = { ...ALLOWED, '@marketbridge/browser-manager': [] };
    expect(boundaryViolations('packages/browser-manager', strict).join('\n')).toMatch(
      /may not import @marketbridge\/api-types/,
    );
    const noControllerDeps = { ...ALLOWED, '@marketbridge/controller': [] };
    expect(boundaryViolations('packages/marketbridge-controller', noControllerDeps).join('\n')).toMatch(
      /may not import @marketbridge\/client/,
    );
  });
});
