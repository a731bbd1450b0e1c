export const DEFAULT_BASE_URL = 'http://127.0.0.1:9247';

type Env = Record<string, string | undefined>;

function env(): Env {
  return typeof process === 'undefined' ? {} : (process.env as Env);
}

type HomeModule = typeof import('@marketbridge/api-types/home');

const isNode = () => typeof process !== 'undefined' && Boolean(process.versions?.node);

/**
 * A file's text, trimmed; undefined when it cannot be read. Synchronous, through getBuiltinModule: a
 * new process's first `import('node:fs/promises')` and async read cost it more than the read itself.
 */
function readText(path: string): string | undefined {
  try {
    return process.getBuiltinModule('node:fs').readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

let homeModule: Promise<HomeModule> | undefined;

/** The home layout (Node only: in a browser there is no home to read), imported once and lazily for that reason. */
async function layoutOf(home?: string) {
  if (!isNode()) return undefined;
  homeModule ??= import('@marketbridge/api-types/home');
  const m = await homeModule;
  return { ...m, layout: m.homeLayout(home) };
}

/** Base URL: the argument, else MB_BROWSER_URL, else the running daemon's PID file, else the default. */
export async function resolveBaseUrl(explicit: string | undefined, home?: string): Promise<string> {
  if (explicit) return explicit;
  const fromEnv = env().MB_BROWSER_URL;
  if (fromEnv) return fromEnv;
  const daemon = await layoutOf(home);
  const pidFile = daemon ? readText(daemon.layout.pidFile) : undefined;
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
