import { API_VERSION, buildOpenApiDocument } from '@marketbridge/api-types';
import { defineRoute } from '../http/route-module.js';

let cached: Record<string, unknown> | undefined;

/** The generated OpenAPI 3.1 document, with `servers` set to the address the caller used. Open like /health. */
export default defineRoute(
  'openapi',
  { method: 'GET', path: '/openapi.json', auth: false, success: { status: 200 } },
  async ({ req }) => {
    cached ??= buildOpenApiDocument(API_VERSION);
    return { json: { ...cached, servers: [{ url: `${req.protocol}://${req.headers.host}` }] } };
  },
);
