import { z } from 'zod';
import { ErrorBodySchema, errorStatus } from './errors.js';
import { type RouteDefinition, routes } from './routes.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(route: RouteDefinition): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const js = jsonSchema(schema, 'input') as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (js.required ?? []).includes(name),
        schema: prop,
        ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
      });
    }
  }
  return out;
}

function errorResponses(route: RouteDefinition): Record<string, JsonSchema> {
  const statuses = new Set<number>(route.auth ? [400, 401, 403, 500] : [500]);
  if (route.params) for (const s of [404, 408, 409, 422, 502, 503]) statuses.add(s);
  if (route.body) for (const s of [400, 413, 415]) statuses.add(s);
  if (route.path === '/auth/exchange') statuses.add(401);
  if (route.path === '/sessions' && route.method === 'POST') for (const s of [409, 429, 503]) statuses.add(s);
  const responses: Record<string, JsonSchema> = {};
  for (const status of [...statuses].sort()) {
    const codes = Object.entries(errorStatus)
      .filter(([, s]) => s === status)
      .map(([c]) => c);
    responses[String(status)] = {
      description: `Error: ${codes.join(', ')}`,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
    };
  }
  return responses;
}

/** The OpenAPI 3.1 document of the HTTP API, generated from the route table. */
export function buildOpenApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [operationId, route] of Object.entries(routes) as [string, RouteDefinition][]) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const events = route.success.events
      ? Object.entries(route.success.events)
          .map(([name, schema]) => `\`${name}\`: ${JSON.stringify(jsonSchema(schema, 'output'))}`)
          .join('; ')
      : undefined;
    const success = route.success.binary
      ? {
          ...(events ? { description: `Success. Events (data is JSON): ${events}` } : {}),
          content: { [route.success.binary]: { schema: { type: 'string', format: 'binary' } } },
        }
      : route.success.schema
        ? { content: { 'application/json': { schema: jsonSchema(route.success.schema, 'output') } } }
        : {};
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId,
      summary: route.summary,
      ...(route.auth ? {} : { security: [] }),
      parameters: parameters(route),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [String(route.success.status)]: { description: 'Success', ...success },
        ...errorResponses(route),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'MarketBridge Browser Sessions',
      version,
      description: 'Persistent, server-owned browser sessions. Every error has the ErrorBody shape.',
    },
    servers: [{ url: 'http://127.0.0.1:9247' }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: { ErrorBody: jsonSchema(ErrorBodySchema, 'output') },
    },
    paths,
  };
}
