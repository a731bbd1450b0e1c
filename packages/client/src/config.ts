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

async function homeDir(explicit?: string): Promise<string | undefined> {
  if (explicit) return explicit;
  const fromEnv = env().MARKETBRIDGE_HOME;
  if (fromEnv) return fromEnv;
  if (typeof process === 'undefined' || !process.versions?.node) return undefined;
  const { homedir } = await import('node:os');
  return `${homedir()}/.marketbridge`;
}

/** Base URL: the argument, else MB_BROWSER_URL, else the running daemon's PID file, else the default. */
export async function resolveBaseUrl(explicit: string | undefined, home?: string): Promise<string> {
  if (explicit) return explicit;
  const fromEnv = env().MB_BROWSER_URL;
  if (fromEnv) return fromEnv;
  const dir = await homeDir(home);
  const pidFile = dir ? await readText(`${dir}/run/browser_session_server.pid`) : undefined;
  if (pidFile) {
    try {
      const { host, port } = JSON.parse(pidFile) as { host?: string; port?: number };
      if (port) {
        const h =
          !host || host === '0.0.0.0' || host === '::'
            ? '127.0.0.1'
            : host.includes(':')
              ? `[${host}]`
              : host;
        return `http://${h}:${port}`;
      }
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
  const dir = await homeDir(home);
  return dir ? readText(`${dir}/token`) : undefined;
}
