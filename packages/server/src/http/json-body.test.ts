// The JSON body reader answers exactly what body-parser (its fallback) answers, for the bodies it reads
// itself: the same status and error body, or the same parsed value.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHttpError } from '../errors.js';
import { jsonBody } from './json-body.js';

const LIMIT = 1024;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const app = express();
  const answer = (req: Request, res: Response) => res.json({ body: req.body });
  app.post('/own', jsonBody(LIMIT), answer);
  app.post('/reference', jsonBody(LIMIT, { ownReader: false }), answer);
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const http = toHttpError(error);
    res.status(http.status).json(http.body());
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close?.());

interface Sent {
  body: Buffer;
  contentType?: string;
  /** Sent in chunks without a Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
}

function post(path: string, { body, contentType = 'application/json', chunked }: Sent) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(chunked ? {} : { 'content-length': body.length }) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (chunked) {
      for (let i = 0; i < body.length; i += 100) req.write(body.subarray(i, i + 100));
      req.end();
    } else req.end(body);
  });
}

const text = (s: string): Buffer => Buffer.from(s, 'utf8');
const cases: [string, Sent][] = [
  ['an object', { body: text('{"a":1,"b":[true,null,"x"]}') }],
  ['an array', { body: text('[1,2]') }],
  ['a byte-order mark before the object', { body: text('\uFEFF{"a":1}') }],
  ['only a byte-order mark', { body: text('\uFEFF') }],
  ['whitespace before the object', { body: text(' \t\r\n {"a":1}') }],
  ['only whitespace', { body: text('   ') }],
  ['an empty chunked body', { body: text(''), chunked: true }],
  ['null', { body: text('null') }],
  ['a bare string', { body: text('"hello"') }],
  ['a number after whitespace', { body: text('  42') }],
  ['malformed JSON', { body: text('{"url": ') }],
  ['trailing garbage', { body: text('{"a":1} x') }],
  ['65 levels of nesting', { body: text(`${'['.repeat(65)}${']'.repeat(65)}`) }],
  ['64 levels of nesting', { body: text(`${'['.repeat(64)}${']'.repeat(64)}`) }],
  ['brackets inside a string', { body: text(`{"a":"${'['.repeat(100)}"}`) }],
  ['a body one byte over the limit', { body: text(`{"a":"${'x'.repeat(LIMIT - 7)}"}`) }],
  ['a body of exactly the limit', { body: text(`{"a":"${'x'.repeat(LIMIT - 8)}"}`) }],
  ['a chunked body over the limit', { body: text(`{"a":"${'x'.repeat(3 * LIMIT)}"}`), chunked: true }],
  ['a chunked body under the limit', { body: text(`{"a":"${'x'.repeat(500)}"}`), chunked: true }],
  [
    'bytes that are not UTF-8 in a string',
    { body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]) },
  ],
  ['multi-byte characters split across chunks', { body: text(`{"a":"${'é'.repeat(300)}"}`), chunked: true }],
  ['a __proto__ key', { body: text('{"__proto__":{"x":1}}') }],
  ['Content-Type in capitals', { body: text('{"a":1}'), contentType: 'Application/JSON; Charset=UTF-8' }],
  [
    'Content-Type without a space before the charset',
    { body: text('{"a":1}'), contentType: 'application/json;charset=utf-8' },
  ],
];

describe('the JSON body reader', () => {
  it.each(cases)('answers %s as body-parser does', async (_title, sent) => {
    const [own, reference] = [await post('/own', sent), await post('/reference', sent)];
    expect(own).toEqual(reference);
  });

  it('is compared with answers of every kind: values, 400, too_deep and 413', async () => {
    const statuses = new Set<number>();
    const codes = new Set<string>();
    for (const [, sent] of cases) {
      const { status, body } = await post('/own', sent);
      statuses.add(status);
      if (status >= 400) codes.add((JSON.parse(body) as { error: { code: string } }).error.code);
    }
    expect([...statuses].sort()).toEqual([200, 400, 413]);
    expect([...codes].sort()).toEqual(['invalid_request', 'payload_too_large', 'too_deep']);
  });
});
