import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, routes } from './index.js';

describe('buildOpenApiDocument', () => {
  const doc = buildOpenApiDocument('9.9.9') as {
    openapi: string;
    info: { version: string };
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };

  it('is OpenAPI 3.1 with one operation per route', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.9.9');
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(routes).sort());
  });

  it('carries the .describe() text and path parameters', () => {
    const create = doc.paths['/sessions']?.post as {
      requestBody: { content: Record<string, { schema: unknown }> };
    };
    const schema = JSON.stringify(create.requestBody.content['application/json']?.schema);
    expect(schema).toContain('Return the live session of this name');
    const navigate = doc.paths['/sessions/{id}/navigate']?.post as {
      parameters: { name: string; in: string }[];
    };
    expect(navigate.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path' }));
  });

  it('marks /health as open and documents error responses', () => {
    expect(doc.paths['/health']?.get?.security).toEqual([]);
    const del = doc.paths['/sessions/{id}']?.delete as { responses: Record<string, unknown> };
    expect(Object.keys(del.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
    const navigate = doc.paths['/sessions/{id}/navigate']?.post as { responses: Record<string, unknown> };
    expect(Object.keys(navigate.responses)).toContain('409');
  });

  it('documents the live streams as text/event-stream with their event data', () => {
    const frames = doc.paths['/sessions/{id}/frames']?.get as {
      responses: Record<string, { description: string; content: Record<string, unknown> }>;
    };
    expect(Object.keys(frames.responses['200']?.content ?? {})).toEqual(['text/event-stream']);
    expect(frames.responses['200']?.description).toContain('`frame`');
    expect(doc.paths['/auth/exchange']?.post?.security).toEqual([]);
  });

  it('documents /metrics as Prometheus text behind the token, and when a loopback scraper needs none', () => {
    const metrics = doc.paths['/metrics']?.get as {
      security?: unknown;
      description: string;
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    expect(metrics.security).toBeUndefined();
    expect(Object.keys(metrics.responses['200']?.content ?? {})).toEqual(['text/plain']);
    expect(Object.keys(metrics.responses)).toContain('401');
    expect(metrics.description).toContain('metricsOpenOnLoopback');
  });

  /** The operation at `path` and `method`, typed as the test reads it; a missing one fails by name. */
  const operation = <T>(path: string, method: string): T => {
    const found = doc.paths[path]?.[method];
    if (!found) throw new Error(`The document has no ${method.toUpperCase()} ${path}`);
    return found as T;
  };
  const responsesOf = (path: string, method: string) =>
    operation<{ responses: Record<string, { content?: Record<string, unknown> }> }>(path, method).responses;

  it('documents the security layer on every route: 403 always, 401 where a token is needed', () => {
    for (const [name, route] of Object.entries(routes)) {
      const statuses = Object.keys(
        responsesOf(route.path.replace(/:(\w+)/g, '{$1}'), route.method.toLowerCase()),
      );
      expect(statuses, name).toContain('403');
      expect(statuses, name).toContain('400');
      if (route.auth) expect(statuses, name).toContain('401');
      if ('body' in route) expect(statuses, name).toEqual(expect.arrayContaining(['413', '415']));
    }
    expect(Object.keys(responsesOf('/health', 'get'))).not.toContain('401');
    expect(Object.keys(responsesOf('/auth/exchange', 'post'))).toContain('401');
  });

  it('documents 200 for a reused session next to 201, and both image types of a screenshot', () => {
    expect(Object.keys(responsesOf('/sessions', 'post'))).toEqual(expect.arrayContaining(['200', '201']));
    expect(Object.keys(responsesOf('/sessions/{id}/screenshot', 'post')['200']?.content ?? {})).toEqual([
      'image/png',
      'image/jpeg',
    ]);
  });

  it('marks a body that may be omitted as not required', () => {
    const required = (path: string) =>
      operation<{ requestBody: { required: boolean } }>(path, 'post').requestBody.required;
    expect(required('/sessions/{id}/screenshot')).toBe(false);
    expect(required('/auth/codes')).toBe(false);
    expect(required('/sessions/{id}/navigate')).toBe(true);
    expect(required('/auth/exchange')).toBe(true);
  });
});
