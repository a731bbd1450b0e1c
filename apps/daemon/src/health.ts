import type { HealthResponse } from '@marketbridge/api-types';

export function serverUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/** GET /health (no token needed); undefined when nothing answers. */
export async function fetchHealth(url: string, timeoutMs = 2_000): Promise<HealthResponse | undefined> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? ((await res.json()) as HealthResponse) : undefined;
  } catch {
    return undefined;
  }
}
