import { readFileSync } from 'node:fs';
import {
  createTempHome,
  type RawRequestOptions,
  type RawResponse,
  rawRequest,
  type TempHome,
} from '@marketbridge/test-helpers';
import { createServer, type RunningServer, type ServerOptions } from '../index.js';
import { recordDocument } from './openapi-drift.js';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined for non-JSON answers. */
  body: T;
  bytes: Buffer;
}

export interface TestServer {
  server: RunningServer;
  home: TempHome;
  url: string;
  token: string;
  /** One request with the token (unless `headers.authorization` overrides it); JSON bodies are encoded. */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
  /** One request over node:http with exactly these headers (a foreign Host, an Origin, no token): no token is added. */
  raw(method: string, path: string, options?: Omit<RawRequestOptions, 'method'>): Promise<RawResponse>;
  /** The registry file as bytes on disk ('' when missing). */
  registryText(): string;
  registryJson(): {
    sessions: Record<string, Record<string, unknown>>;
    active_sessions: string[];
    last_updated: string;
  };
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 port 0 in `home` (default: a fresh temp home), console quiet. */
export async function startServer(
  options: ServerOptions = {},
  home: TempHome = createTempHome('mb-server-'),
): Promise<TestServer> {
  const server = await createServer({
    port: 0,
    consoleLogLevel: false,
    backgroundIntervalMs: 60_000,
    // Most test servers never open a browser, or count the browsers they open: launching one at start
    // is the prelaunch tests' to show.
    prelaunch: false,
    ...options,
    home: home.dir,
  });
  const token = server.token ?? '';
  const api: TestServer['api'] = async (method, path, body, headers = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? JSON.parse(bytes.toString('utf8')) : undefined;
    return { status: res.status, headers: res.headers, body: parsed, bytes };
  };
  const raw: TestServer['raw'] = (method, path, options = {}) =>
    rawRequest(`${server.url}${path}`, { ...options, method });

  // The document every recorded answer is checked against: the one this server serves.
  recordDocument(await (await fetch(`${server.url}/openapi.json`)).json());
  const registryText = () => {
    try {
      return readFileSync(server.config.registryFile, 'utf8');
    } catch {
      return '';
    }
  };
  return {
    server,
    home,
    url: server.url,
    token,
    api,
    raw,
    registryText,
    registryJson: () => JSON.parse(registryText()),
    close: () => server.close(),
  };
}
