import type { HealthResponse } from '@marketbridge/api-types';

/** GET /health (no token needed); undefined when nothing answers. */
export async function fetchHealth(url: string, timeoutMs = 2_000): Promise<HealthResponse | undefined> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? ((await res.json()) as HealthResponse) : undefined;
  } catch {
    return undefined;
  }
}
