import { readFileSync } from 'node:fs';
import type { LoginCodeResponse } from '@marketbridge/api-types';
import { serverUrlOf } from '@marketbridge/api-types/home';
import { commandContext, defineCommand } from '../command-module.js';
import { CliError, exitCodes } from '../output.js';
import type { DaemonPaths } from '../paths.js';
import { readPidFile } from '../pid-file.js';

export interface DashboardLink {
  /** `http://127.0.0.1:<port>/ui#code=<code>`: opens the dashboard once, within `expiresAt`. */
  url: string;
  expiresAt: string | undefined;
}

function readToken(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A one-time dashboard link for the server at `url`: a single-use code (valid ~2 minutes) in the URL
 * fragment, which the page exchanges for the token. The token itself never goes into the link.
 * A server without a token (noAuth) gets the plain /ui address.
 */
export async function dashboardLink(url: string, tokenFile: string): Promise<DashboardLink> {
  const token = readToken(tokenFile);
  const res = await fetch(`${url}/auth/codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: '{}',
    signal: AbortSignal.timeout(5_000),
  });
  if (res.status === 401 && !token)
    throw new CliError(`no token in ${tokenFile}; cannot make a dashboard link.`);
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new CliError(
      `the server refused a dashboard code: ${body?.error?.message ?? `HTTP ${res.status}`}`,
    );
  }
  const code = (await res.json()) as LoginCodeResponse;
  return { url: `${url}${code.path}`, expiresAt: code.expiresAt };
}

/** `mb-browser dashboard`: prints a one-time link to the running server's dashboard. */
export async function dashboard(paths: DaemonPaths): Promise<DashboardLink> {
  const state = readPidFile(paths.pidFile);
  if (state.kind !== 'running') {
    throw new CliError('mb-browser is not running; start it with `mb-browser start`.', exitCodes.notRunning);
  }
  return dashboardLink(serverUrlOf(state.info), paths.tokenFile);
}

export const dashboardCommand = defineCommand({
  command: 'dashboard',
  describe: 'Print a one-time link that opens the live dashboard (valid 2 minutes, works once)',
  builder: (yargs) => yargs,
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const link = await dashboard(paths);
    out.result(link, () =>
      [
        `Open the dashboard: ${link.url}`,
        '  The link works once, within 2 minutes; the page keeps the token for that tab only.',
        `  Or open ${link.url.split('#')[0]} and paste the token from ${paths.tokenFile}.`,
      ].join('\n'),
    );
  },
});
