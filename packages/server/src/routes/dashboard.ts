import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineRoute, type HandlerResult, type RouteModule, type RouteSpec } from '../http/route-module.js';

/** The dashboard's files: plain HTML, CSS and JS in src/ui, copied to dist/ui by `build:extra`. */
const uiDir = new URL('../ui/', import.meta.url);

const assets = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
} as const;

/** The page loads only its own files and talks only to this server; nothing may frame it. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const cache = new Map<string, Buffer>();

function asset(file: keyof typeof assets): HandlerResult {
  let bytes = cache.get(file);
  if (!bytes) {
    bytes = readFileSync(fileURLToPath(new URL(file, uiDir)));
    cache.set(file, bytes);
  }
  return {
    bytes,
    contentType: assets[file],
    headers: {
      'Content-Security-Policy': CSP,
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    },
  };
}

function get(path: string, file: keyof typeof assets): RouteModule<RouteSpec> {
  return defineRoute('dashboard', { method: 'GET', path, auth: false, success: { status: 200 } }, async () =>
    asset(file),
  ) as unknown as RouteModule<RouteSpec>;
}

/**
 * The dashboard's static files. Open without a token: they hold no data (every request the page
 * makes for data carries the token, entered by the user or exchanged from a one-time login code).
 */
export const dashboardRoutes: RouteModule<RouteSpec>[] = [
  get('/', 'index.html'),
  get('/ui', 'index.html'),
  get('/ui/', 'index.html'),
  get('/ui/app.js', 'app.js'),
  get('/ui/style.css', 'style.css'),
];
