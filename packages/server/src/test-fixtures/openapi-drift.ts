import { JSON_BOUND_KEYWORDS, measureJson, serializedBytes } from '@marketbridge/api-types';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Drift check: every HTTP answer the server tests receive is recorded here (per test process) and
 * checked against the OpenAPI document the server itself serves at /openapi.json — the status must
 * be documented for that route and method, the content type listed, a JSON body valid against the
 * declared schema. Answers to paths the document does not describe (/openapi.json, the dashboard,
 * unknown paths, a known path asked with another method) are counted but not checked.
 */

export interface RecordedResponse {
  method: string;
  /** The request path, query included. */
  path: string;
  status: number;
  contentType: string;
  /** The parsed JSON body, when the answer is JSON. */
  body?: unknown;
  /** The request's body: absent (`undefined`), parsed JSON, or `notJson` for bytes that are not JSON. */
  request?: { json: unknown } | 'notJson';
}

/** The `request` field of a recorded answer, from what a test sent (an object is JSON-encoded by the fixture). */
export function requestOf(body: unknown): RecordedResponse['request'] {
  if (body === undefined) return undefined;
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return { json: body };
  const text = body.toString();
  if (text.length === 0) return undefined;
  try {
    return { json: JSON.parse(text) };
  } catch {
    return 'notJson';
  }
}

type Json = Record<string, unknown>;
interface Operation {
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

const recorded: RecordedResponse[] = [];
const pending = new Set<Promise<void>>();
let served: OpenApiDocument | undefined;

/** Marks a body that could not be read (a stream cancelled by its test): nothing to validate. */
export const UNREAD = Symbol('unread');

/**
 * Records one answer received through `fetch` (the fixture's `api`, event streams and tests that
 * call fetch themselves). A JSON body is read from a clone, so the caller's copy is untouched;
 * event streams are not read.
 */
export function recordFetch(input: unknown, init: RequestInit | undefined, response: Response): void {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const contentType = response.headers.get('content-type') ?? '';
  const base = {
    method,
    path: `${url.pathname}${url.search}`,
    status: response.status,
    contentType,
    request: requestOf(typeof init?.body === 'string' ? init.body : undefined),
  };
  if (!contentType.includes('json') || method === 'HEAD') {
    recorded.push(base);
    return;
  }
  const read = response
    .clone()
    .text()
    .then(
      (text) => {
        const body: unknown = JSON.parse(text);
        if (url.pathname === '/openapi.json' && response.status === 200) recordDocument(body);
        recorded.push({ ...base, body });
      },
      () => {
        recorded.push({ ...base, body: UNREAD });
      },
    )
    .finally(() => pending.delete(read));
  pending.add(read);
}

/** Records one answer received through `rawRequest` (node:http, any headers). */
export function recordRaw(
  url: string,
  options: { method?: string; body?: string | Buffer } | undefined,
  res: { status: number; headers: Record<string, string | string[] | undefined>; json: unknown },
): void {
  const target = new URL(url);
  const contentType = String(res.headers['content-type'] ?? '');
  recorded.push({
    method: (options?.method ?? 'GET').toUpperCase(),
    path: `${target.pathname}${target.search}`,
    status: res.status,
    contentType,
    body: contentType.includes('json') ? res.json : undefined,
    request: requestOf(options?.body),
  });
}

/** Waits for the bodies still being read. */
export async function settled(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}

export function recordResponse(response: RecordedResponse): void {
  recorded.push(response);
}

/** The document a test server served; the first one kept is the one every answer is checked against. */
export function recordDocument(doc: unknown): void {
  served ??= doc as OpenApiDocument;
}

export function recordedResponses(): readonly RecordedResponse[] {
  return recorded;
}

export function servedDocument(): OpenApiDocument | undefined {
  return served;
}

/** The operation of the document that serves `method path`, the way Express routes it: literal paths first. */
export function findOperation(
  doc: OpenApiDocument,
  method: string,
  path: string,
): { template: string; operation: Operation } | undefined {
  const pathname = (path.split('?')[0] ?? '').replace(/(.)\/+$/, '$1');
  const m = (method.toUpperCase() === 'HEAD' ? 'get' : method).toLowerCase();
  const templates = Object.keys(doc.paths).sort((a, b) => Number(a.includes('{')) - Number(b.includes('{')));
  for (const template of templates) {
    const pattern = new RegExp(
      `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`,
      'i',
    );
    const operation = doc.paths[template]?.[m];
    if (operation && pattern.test(pathname)) return { template, operation };
  }
  return undefined;
}

const validators = new WeakMap<object, ReturnType<Ajv2020['compile']>>();
let ajv: Ajv2020 | undefined;

function validatorFor(doc: OpenApiDocument, schema: Json): ReturnType<Ajv2020['compile']> {
  let validate = validators.get(schema);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv2020({ strict: false, allErrors: true });
      // A CommonJS module: its default import is module.exports, whose `default` is the plugin.
      addFormatsModule.default(ajv);
      ajv.addFormat('binary', true);
      addJsonBoundKeywords(ajv);
    }
    // The document's own $refs (#/components/...) resolve against the document.
    validate = ajv.compile({ ...schema, components: doc.components });
    validators.set(schema, validate);
  }
  return validate;
}

/**
 * The document's `x-` keywords for the bounds JSON Schema has no word for (api-types
 * JSON_BOUND_KEYWORDS: serialized bytes, nesting depth, keys over every object, key length at any
 * level), taught to ajv as the server applies them — so the document refuses what the server refuses.
 */
function addJsonBoundKeywords(ajv: Ajv2020): void {
  const keyword = (name: string, holds: (max: number, data: unknown) => boolean) =>
    ajv.addKeyword({ keyword: name, schemaType: 'number', validate: holds, errors: false });
  keyword(JSON_BOUND_KEYWORDS.bytes, (max, data) => (serializedBytes(data) ?? Infinity) <= max);
  keyword(JSON_BOUND_KEYWORDS.depth, (max, data) => measureJson(data, max).depth <= max);
  keyword(JSON_BOUND_KEYWORDS.keys, (max, data) => measureJson(data, Infinity).keys <= max);
  keyword(JSON_BOUND_KEYWORDS.keyLength, (max, data) => measureJson(data, Infinity).longestKey.length <= max);
}

/** What is wrong with `response` according to `doc` (empty when nothing), or undefined when the document does not describe its path. */
export function driftOf(doc: OpenApiDocument, response: RecordedResponse): string[] | undefined {
  const found = findOperation(doc, response.method, response.path);
  if (!found) return undefined;
  const where = `${response.method} ${response.path} (${found.template}) → ${response.status}`;
  const declared = found.operation.responses[String(response.status)];
  if (!declared) {
    return [
      `${where}: status not documented (documented: ${Object.keys(found.operation.responses).join(', ')})`,
    ];
  }
  const problems = requestDrift(doc, found.operation, response).map((p) => `${where}: ${p}`);
  return [...problems, ...answerDrift(doc, declared, response).map((p) => `${where}: ${p}`)];
}

/**
 * The request side: an accepted request (2xx) must be one the document allows (a body where the
 * document requires one, matching its schema), and a body the server refused as invalid must be one
 * the document's schema refuses too — or the document promises what the server does not do.
 */
function requestDrift(doc: OpenApiDocument, operation: Operation, response: RecordedResponse): string[] {
  const requestBody = operation.requestBody;
  const schema = requestBody?.content['application/json']?.schema;
  const request = response.request;
  if (!requestBody || !schema || request === 'notJson') return [];
  const accepted = response.status >= 200 && response.status < 300;
  if (request === undefined) {
    return accepted && requestBody.required !== false
      ? ['accepted without a body, documented as required']
      : [];
  }
  const validate = validatorFor(doc, schema);
  const valid = validate(request.json);
  if (accepted && !valid) {
    return [`accepted a body the documented schema refuses: ${JSON.stringify(validate.errors?.slice(0, 3))}`];
  }
  const message = (response.body as { error?: { message?: unknown } } | undefined)?.error?.message;
  const refusedBody =
    response.status === 400 && typeof message === 'string' && message.startsWith('Invalid request body:');
  if (refusedBody && valid) {
    return [
      `refused a body (${message}) the documented schema allows: ${JSON.stringify(request.json).slice(0, 300)}`,
    ];
  }
  return [];
}

function answerDrift(
  doc: OpenApiDocument,
  declared: { content?: Record<string, { schema?: Json }> },
  response: RecordedResponse,
): string[] {
  const mediaType = response.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const content = declared.content ?? {};
  if (Object.keys(content).length === 0)
    return mediaType === '' ? [] : [`documented without a body, answered ${mediaType}`];
  const media = content[mediaType];
  if (!media)
    return [
      `content type ${mediaType || '(none)'} not documented (documented: ${Object.keys(content).join(', ')})`,
    ];
  if (
    mediaType !== 'application/json' ||
    response.method.toUpperCase() === 'HEAD' ||
    !media.schema ||
    response.body === UNREAD
  )
    return [];
  const validate = validatorFor(doc, media.schema);
  if (validate(response.body)) return [];
  return [
    `body does not match the documented schema: ${JSON.stringify(validate.errors?.slice(0, 5))} body ${JSON.stringify(response.body).slice(0, 500)}`,
  ];
}

/** Checks every recorded answer against the served document: the problems, and how many answers were checked. */
export function checkRecorded(): { problems: string[]; checked: number; skipped: number } {
  const problems: string[] = [];
  let checked = 0;
  let skipped = 0;
  if (!served) return { problems, checked, skipped: recorded.length };
  for (const response of recorded) {
    const drift = driftOf(served, response);
    if (drift === undefined) skipped++;
    else {
      checked++;
      problems.push(...drift);
    }
  }
  return { problems, checked, skipped };
}
