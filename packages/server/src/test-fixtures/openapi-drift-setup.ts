// Loaded before every server test file (vitest setupFiles). Every HTTP answer the file's tests
// receive — through the fixture's `api`, their own `fetch` or `rawRequest` — is recorded, and after
// the file's tests each one the OpenAPI document describes must agree with the document the server
// serves at /openapi.json (test-fixtures/openapi-drift.ts). OPENAPI_DRIFT_REPORT=1 prints the counts.
import { afterAll, vi } from 'vitest';
import { checkRecorded, recordFetch, recordRaw, settled } from './openapi-drift.js';

vi.mock('@marketbridge/test-helpers', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@marketbridge/test-helpers')>();
  const rawRequest: typeof actual.rawRequest = async (url, options) => {
    const res = await actual.rawRequest(url, options);
    recordRaw(url, options, res);
    return res;
  };
  return { ...actual, rawRequest };
});

const realFetch = globalThis.fetch;
globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
  const response = await realFetch(input, init);
  recordFetch(input, init, response);
  return response;
};

afterAll(async () => {
  await settled();
  const { problems, checked, skipped } = checkRecorded();
  if (process.env.OPENAPI_DRIFT_REPORT) {
    process.stdout.write(
      `openapi drift: ${checked} answers checked, ${skipped} not described by the document\n`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`The server answered what its OpenAPI document does not say:\n${problems.join('\n')}`);
  }
});
