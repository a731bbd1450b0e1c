// tsc compiles the .ts files; the demo page's static files are copied beside them in dist/.
import { cpSync } from 'node:fs';

const root = new URL('..', import.meta.url);
cpSync(new URL('src/testing/assets', root), new URL('dist/testing/assets', root), { recursive: true });
