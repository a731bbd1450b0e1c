// Writes dist/index.js, the client's runtime in one ESM file (run by `pnpm build`, after tsc). A new
// process that imports the client then reads, resolves and links one module instead of about 25: most of
// the import's cost (16 ms of CPU of a 28 ms first call, issue #18). tsc still writes the type
// declarations and the other modules (dist/home.js is the `./home` entry). The bundle is made from src/,
// not from tsc's dist/index.js: an incremental tsc does not write that file again when only another
// module changed.
//
// Left out, and imported when first needed as before: ky (streams, a custom fetch, https), the home layout
// (`@marketbridge/api-types/home`, Node only) and Node's modules, so that the file stays usable where
// there is no Node. `@marketbridge/api-types/wire` (zod-free) goes in; zod must not.
import { build } from 'esbuild';

const external = ['ky', '@marketbridge/api-types/home', 'node:*'];
const result = await build({
  entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
  outfile: new URL('../dist/index.js', import.meta.url).pathname,
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2023',
  external,
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs);
const unwanted = inputs.filter((file) => /\/zod\/|\/ky\/|api-types\/dist\/(index|routes)\.js$/.test(file));
if (unwanted.length > 0) {
  throw new Error(`client bundle: these must stay out of the client's runtime: ${unwanted.join(', ')}`);
}
console.log(`client: bundled ${inputs.length} modules into dist/index.js`);
