import { resolve } from 'node:path';
import { BrowserClient, type Session } from '@marketbridge/client';
import { ago, CliError, exitCodes, type Output, table } from '../output.js';
import type { DaemonPaths } from '../paths.js';

export function clientFor(paths: DaemonPaths): BrowserClient {
  return new BrowserClient(undefined, { home: paths.home, connectRetries: 1 });
}

export function parseViewport(value: string | undefined): { width: number; height: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)x(\d+)$/.exec(value);
  if (!match) throw new CliError(`--viewport must look like 1280x800, not "${value}"`, exitCodes.usage);
  return { width: Number(match[1]), height: Number(match[2]) };
}

export function describeSession(s: Session): string {
  return [
    `${s.name} (${s.id})`,
    `  status ${s.status}, ${s.headless ? 'headless' : 'headed'} ${s.browserType} ${s.viewport.width}x${s.viewport.height}`,
    `  url ${s.currentUrl}${s.title ? ` — ${s.title}` : ''}`,
    `  pages ${s.pageCount}, created ${s.createdAt}, idle ${ago(s.lastActivity)}`,
    ...(Object.keys(s.metadata).length ? [`  metadata ${JSON.stringify(s.metadata)}`] : []),
  ].join('\n');
}

export const sessionCommands = {
  async create(
    paths: DaemonPaths,
    a: { name: string; headed?: boolean; url?: string; viewport?: string },
    out: Output,
  ) {
    const viewport = parseViewport(a.viewport);
    const session = await clientFor(paths).createSession(a.name, {
      headless: !a.headed,
      ...(a.url ? { url: a.url } : {}),
      ...(viewport ? { viewport } : {}),
    });
    out.result(session.info, () => `Created ${describeSession(session.info)}`);
  },
  async list(paths: DaemonPaths, out: Output) {
    const sessions = await clientFor(paths).listSessions();
    out.result(sessions, () =>
      sessions.length === 0
        ? 'No sessions.'
        : table([
            ['NAME', 'STATUS', 'IDLE', 'PAGES', 'URL'],
            ...sessions.map((s) => [
              s.name,
              s.status,
              ago(s.lastActivity),
              String(s.pageCount),
              s.currentUrl,
            ]),
          ]),
    );
  },
  async show(paths: DaemonPaths, a: { name: string }, out: Output) {
    const session = await clientFor(paths).getSession(a.name);
    out.result(session.info, () => describeSession(session.info));
  },
  async navigate(paths: DaemonPaths, a: { name: string; url: string }, out: Output) {
    const session = await clientFor(paths).getSession(a.name);
    const result = await session.navigate(a.url);
    out.result(result, () => `${a.name}: ${result.status ?? '-'} ${result.url} — ${result.title}`);
  },
  async exec(paths: DaemonPaths, a: { name: string; script: string }, out: Output) {
    const session = await clientFor(paths).getSession(a.name);
    const result = await session.executeJs(a.script);
    out.result({ result }, () => (typeof result === 'string' ? result : JSON.stringify(result, null, 2)));
  },
  async screenshot(paths: DaemonPaths, a: { name: string; file?: string; fullPage?: boolean }, out: Output) {
    const session = await clientFor(paths).getSession(a.name);
    const file = resolve(a.file ?? `${a.name}_${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
    const bytes = await session.screenshot(file, { fullPage: a.fullPage ?? false });
    out.result({ file, bytes: bytes.length }, () => `Saved ${file} (${bytes.length} bytes)`);
  },
  async recycle(paths: DaemonPaths, a: { name: string }, out: Output) {
    const session = await clientFor(paths).getSession(a.name);
    const durationMs = await session.recycle();
    out.result(
      { ...session.info, durationMs },
      () =>
        `Recycled the context of ${a.name} in ${durationMs} ms (same id, pages and state).\n${describeSession(session.info)}`,
    );
  },
  async delete(paths: DaemonPaths, a: { name: string; keepState?: boolean }, out: Output) {
    const result = await clientFor(paths).deleteSession(a.name, { keepState: a.keepState ?? false });
    out.result(result, () => `Deleted ${result.name}${result.stateKept ? ' (state kept)' : ''}.`);
  },
  async open(
    paths: DaemonPaths,
    a: { name: string; marketbridge?: boolean; url?: string; headed?: boolean },
    out: Output,
  ) {
    const target =
      a.url ?? (a.marketbridge ? (process.env.MARKETBRIDGE_URL ?? 'http://localhost:8080') : undefined);
    const session = await clientFor(paths).createSession(a.name, { reuse: true, headless: !a.headed });
    if (target && !session.info.currentUrl.startsWith(target.replace(/\/$/, '')))
      await session.navigate(target);
    const info = await session.refresh();
    out.result(info, () => describeSession(info));
  },
};
