// One-off scaffolder kept for adding packages: writes package.json + one-line tsconfig.
import { existsSync, writeFileSync } from 'node:fs';

const [dir, name, description, priv] = process.argv.slice(2);
const pkg = {
  name,
  version: '0.1.0',
  description,
  ...(priv === 'private' ? { private: true } : { license: 'MIT' }),
  type: 'module',
  engines: { node: '>=20.19' },
  exports: {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  main: './dist/index.js',
  types: './dist/index.d.ts',
  files: ['dist'],
  dependencies: {},
};
if (!existsSync(`${dir}/package.json`))
  writeFileSync(`${dir}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(`${dir}/tsconfig.json`, '{ "extends": "../../tsconfig.base.json" }\n');
