import { z } from 'zod';
import { ErrorBodySchema } from './errors.js';
import { binaryMediaTypes, routeResponses } from './responses.js';
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
  const responses: Record<string, JsonSchema> = {};
  for (const [status, codes] of routeResponses(route).errors) {
    responses[String(status)] = {
      description: `Error: ${[...codes].map(([code, why]) => `${code} (${why})`).join(', ')}`,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
    };
  }
  return responses;
}

function successResponses(route: RouteDefinition): Record<string, JsonSchema> {
  const events = route.success.events
    ? Object.entries(route.success.events)
        .map(([name, schema]) => `\`${name}\`: ${JSON.stringify(jsonSchema(schema, 'output'))}`)
        .join('; ')
    : undefined;
  const media = Object.entries(binaryMediaTypes(route));
  const content: JsonSchema | undefined =
    media.length > 0
      ? Object.fromEntries(media.map(([type]) => [type, { schema: { type: 'string', format: 'binary' } }]))
      : route.success.schema
        ? { 'application/json': { schema: jsonSchema(route.success.schema, 'output') } }
        : undefined;
  const whenMedia = media.filter(([, when]) => when).map(([type, when]) => `${type} for ${when}`);
  const responses: Record<string, JsonSchema> = {};
  for (const [status, description] of routeResponses(route).success) {
    const notes = [
      ...(whenMedia.length > 0 ? [`Media type: ${whenMedia.join(', ')}`] : []),
      ...(events ? [`Events (data is JSON): ${events}`] : []),
    ];
    responses[String(status)] = {
      description: [description, ...notes].join('. '),
      ...(content ? { content } : {}),
    };
  }
  return responses;
}

/**
 * The request body may be left out where the server accepts that: it reads no body as `{}`, so a
 * body is required only when `{}` does not validate.
 */
function bodyRequired(body: z.ZodType): boolean {
  return !body.safeParse({}).success;
}

/** The OpenAPI 3.1 document of the HTTP API, generated from the route table. */
export function buildOpenApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [operationId, route] of Object.entries(routes) as [string, RouteDefinition][]) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(route.auth ? {} : { security: [] }),
      parameters: parameters(route),
      ...(route.body
        ? {
            requestBody: {
              required: bodyRequired(route.body),
              ...(bodyRequired(route.body) ? {} : { description: 'May be omitted: no body reads as {}' }),
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: {
        ...successResponses(route),
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
