import { describe, expect, it } from 'vitest';
import { routeWireTable } from './route-types.js';
import { routeWire } from './route-wire.js';

describe('route-wire.ts (the zod-free route table)', () => {
  it('equals the route table reduced to methods, paths, media types and event names', () => {
    // On failure: pnpm build && node packages/api-types/scripts/write-route-wire.mjs
    expect(JSON.parse(JSON.stringify(routeWire))).toEqual(routeWireTable());
  });

  it('the wire entry imports no zod, so a client importing it builds no schema', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of ['wire.ts', 'route-wire.ts', 'error-catalog.ts', 'fill-path.ts', 'timeouts.ts']) {
      const source = await readFile(new URL(file, import.meta.url), 'utf8');
      const runtimeImports = source.match(/^(?:import|export) (?!type )[^;]*?from \u0027.+\u0027/gm) ?? [];
      for (const line of runtimeImports)
        expect(line, `${file}: ${line}`).not.toMatch(/'zod'|routes\.js|errors\.js|index\.js/);
    }
  });
});
