import { createTempHome } from '@marketbridge/test-helpers';
import { expect, it } from 'vitest';
import { examples } from './examples/index.js';

it.each(examples.map((e) => [e.name, e] as const))('example "%s" passes', async (_, example) => {
  using home = createTempHome();
  const log: string[] = [];
  const result = await example.run({ home: home.dir, log: (m) => log.push(m) });
  expect(result.length).toBeGreaterThan(0);
  expect(log.length).toBeGreaterThan(0);
});
