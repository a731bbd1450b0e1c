export const DEFAULT_BASE_URL = 'http://127.0.0.1:9247';

type Env = Record<string, string | undefined>;

function env(): Env {
  return typeof process === 'undefined' ? {} : (process.env as Env);
}

async function readText(path: string): Promise<string | undefined> {
  if (typeof process === 'undefined' || !process.versions?.node) return undefined;
  try {
    const { readFile } = await import('node:fs/promises');
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** The home layout (Node only: in a browser there is no home to read). Loaded lazily for that reason. */
async function layoutOf(home?: string) {
  if (typeof process === 'undefined' || !process.versions?.node) return undefined;
  return import('@marketbridge/api-types/home').then((m) => ({ ...m, layout: m.homeLayout(home) }));
}

/** Base URL: the argument, else MB_BROWSER_URL, else the running daemon's PID file, else the default. */
export async function resolveBaseUrl(explicit: string | undefined, home?: string): Promise<string> {
  if (explicit) return explicit;
  const fromEnv = env().MB_BROWSER_URL;
  if (fromEnv) return fromEnv;
  const daemon = await layoutOf(home);
  const pidFile = daemon ? await readText(daemon.layout.pidFile) : undefined;
  if (daemon && pidFile) {
    try {
      return daemon.serverUrlOf(daemon.parsePidInfo(pidFile));
    } catch {
      // an unreadable PID file is the daemon's to report; fall back to the default
    }
  }
  return DEFAULT_BASE_URL;
}

/** Token: the option, else MB_BROWSER_TOKEN, else `MARKETBRIDGE_HOME/token`. */
export async function resolveToken(explicit: string | undefined, home?: string): Promise<string | undefined> {
  if (explicit) return explicit;
  const fromEnv = env().MB_BROWSER_TOKEN;
  if (fromEnv) return fromEnv;
  const layout = (await layoutOf(home))?.layout;
  return layout ? readText(layout.tokenFile) : undefined;
}
