import { readFileSync } from 'node:fs';

/** The version of @marketbridge/server (from its package.json; src/ and dist/ are both one level down). */
export const SERVER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
