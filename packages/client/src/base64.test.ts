import { expect, it } from 'vitest';
import { decodeBase64 } from './base64.js';

const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 7) % 256);
const encoded = Buffer.from(bytes).toString('base64');

it('decodes with Buffer on Node', () => {
  expect([...decodeBase64(encoded)]).toEqual([...bytes]);
});

it('decodes with atob where there is no Buffer (browsers)', () => {
  const saved = globalThis.Buffer;
  let decoded: Uint8Array;
  Reflect.deleteProperty(globalThis, 'Buffer');
  try {
    decoded = decodeBase64(encoded);
  } finally {
    globalThis.Buffer = saved;
  }
  expect(decoded).not.toBeInstanceOf(saved);
  expect([...decoded]).toEqual([...bytes]);
});
