// Writes dist/openapi.json from the built route table (run by `pnpm build`).
import { writeFileSync } from 'node:fs';
import { API_VERSION, buildOpenApiDocument } from '../dist/index.js';

const url = new URL('../dist/openapi.json', import.meta.url);
writeFileSync(url, `${JSON.stringify(buildOpenApiDocument(API_VERSION), null, 2)}\n`);
console.log(`api-types: wrote ${url.pathname}`);
