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
});
