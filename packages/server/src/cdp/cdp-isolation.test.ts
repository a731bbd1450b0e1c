// A client attached to one session sees and touches that session only, and gets in only as the REST
// API lets a caller in: token (or a single-use ticket), allowed Host and Origin.
import { connect } from 'node:net';
import type { Session } from '@marketbridge/api-types';
import { startTestSite, type TestSite } from '@marketbridge/test-helpers';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawCdp, rawCdp, refusedUpgrade } from '../test-fixtures/cdp-client.js';
import { startServer, type TestServer } from '../test-fixtures/server.js';

let t: TestServer;
let site: TestSite;
let a: Session;
let b: Session;
const auth = () => ({ Authorization: `Bearer ${t.token}` });

/** The ids of a session's page targets and its context, as its own client sees them. */
async function targetsOf(
  client: RawCdp,
): Promise<{ targetId: string; browserContextId: string; url: string }[]> {
  const { targetInfos } = await client.send('Target.getTargets');
  return (targetInfos as { targetId: string; browserContextId: string; url: string; type: string }[]).filter(
    (x) => x.type === 'page',
  );
}

beforeAll(async () => {
  [t, site] = await Promise.all([startServer(), startTestSite()]);
  a = (await t.api<Session>('POST', '/sessions', { name: 'alpha', url: site.at('/state') })).body;
  b = (await t.api<Session>('POST', '/sessions', { name: 'beta', url: site.at('/popup') })).body;
});

afterAll(async () => {
  await t?.close();
  t?.home.remove();
  await site?.close();
});

describe('isolation between sessions', () => {
  it("shows a client only its session's targets, and refuses the other's by id", async () => {
    const onA = await rawCdp(a.cdpUrl as string, auth());
    const onB = await rawCdp(b.cdpUrl as string, auth());
    const [pageA] = await targetsOf(onA);
    const [pageB] = await targetsOf(onB);
    expect(pageA?.url).toBe(site.at('/state'));
    expect(pageB?.url).toBe(site.at('/popup'));
    expect((await targetsOf(onA)).map((x) => x.targetId)).not.toContain(pageB?.targetId);
    expect(pageA?.browserContextId).not.toBe(pageB?.browserContextId);

    await expect(
      onA.send('Target.attachToTarget', { targetId: pageB?.targetId, flatten: true }),
    ).rejects.toThrow(/No target/);
    await expect(onA.send('Target.closeTarget', { targetId: pageB?.targetId })).rejects.toThrow(/No target/);
    await expect(onA.send('Target.getTargetInfo', { targetId: pageB?.targetId })).rejects.toThrow(
      /No target/,
    );
    await expect(
      onA.send('Storage.getCookies', { browserContextId: pageB?.browserContextId }),
    ).rejects.toThrow(/not this session's/);
    await expect(
      onA.send('Target.createTarget', { url: 'about:blank', browserContextId: pageB?.browserContextId }),
    ).rejects.toThrow(/not this session's/);
    const { cookies } = await onA.send('Storage.getCookies');
    expect((cookies as { name: string }[]).map((c) => c.name)).toContain('visited');
    const { browserContextIds } = await onA.send('Target.getBrowserContexts');
    expect(browserContextIds).toEqual([]);

    // Nothing that would reach the browser as a whole, or another session.
    for (const method of [
      'Browser.crash',
      'Browser.crashGpuProcess',
      'Tracing.start',
      'Target.attachToBrowserTarget',
    ]) {
      await expect(onA.send(method), method).rejects.toThrow(
        /not available through a session's CDP endpoint/,
      );
    }
    await expect(
      onA.send('Target.disposeBrowserContext', { browserContextId: pageA?.browserContextId }),
    ).rejects.toThrow(/cannot be disposed by a client/);
    onA.close();
    onB.close();
    const still = await t.api<{ sessions: Session[] }>('GET', '/sessions');
    expect(still.body.sessions.map((s) => [s.name, s.status])).toEqual(
      expect.arrayContaining([
        ['alpha', 'active'],
        ['beta', 'active'],
      ]),
    );
  });

  it("never holds up another session's new pages while auto-attached with waitForDebuggerOnStart", async () => {
    const onA = await rawCdp(a.cdpUrl as string, auth());
    await onA.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    await onA.send('Target.setDiscoverTargets', { discover: true });
    const clicked = await t.api('POST', '/sessions/beta/interact', { action: 'click', selector: '#open' });
    expect(clicked.status).toBe(200);
    await expect.poll(async () => (await t.api<Session>('GET', '/sessions/beta')).body.pageCount).toBe(2);
    const title = await t.api<{ result: unknown }>('POST', '/sessions/beta/execute', {
      script: 'document.title',
    });
    expect(title.body.result).toBe('Home');
    const seen = onA.events.filter((e) => e.method.startsWith('Target.'));
    const urls = seen.map((e) => (e.params.targetInfo as { url?: string } | undefined)?.url ?? '');
    expect(urls.filter((u) => u.includes('/popup') || u === site.at('/'))).toEqual([]);
    onA.close();
  });

  it("hides the warm pool's ready contexts from a session's client", async () => {
    await expect.poll(() => t.server.manager.warmPool().ready).toBe(1);
    const { browserWsUrl } = await t.server.manager.devtoolsTarget('alpha');
    const direct = await rawCdp(browserWsUrl);
    const onA = await rawCdp(a.cdpUrl as string, auth());
    const [pageA] = await targetsOf(onA);
    const sessionContexts = new Set<string>();
    for (const name of ['alpha', 'beta'])
      sessionContexts.add((await t.server.manager.devtoolsTarget(name)).browserContextId);
    // Every page target the browser has outside the two sessions: the ready context's blank page.
    const warm = (await targetsOf(direct)).filter((x) => !sessionContexts.has(x.browserContextId));
    expect(warm.map((x) => x.url)).toEqual(['about:blank']);
    const [warmPage] = warm;

    await onA.send('Target.setDiscoverTargets', { discover: true });
    expect((await targetsOf(onA)).map((x) => x.browserContextId)).toEqual([pageA?.browserContextId]);
    await expect(
      onA.send('Target.attachToTarget', { targetId: warmPage?.targetId, flatten: true }),
    ).rejects.toThrow(/No target/);
    await expect(
      onA.send('Storage.getCookies', { browserContextId: warmPage?.browserContextId }),
    ).rejects.toThrow(/not this session's/);
    const seen = onA.events.filter((e) => e.method.startsWith('Target.'));
    expect(seen.map((e) => (e.params.targetInfo as { targetId?: string }).targetId)).not.toContain(
      warmPage?.targetId,
    );
    onA.close();
    direct.close();
  });

  it("gives a client's own contexts to it alone, and takes them away when it leaves", async () => {
    const browser = await chromium.connectOverCDP(a.cdpUrl as string, { headers: auth() });
    const own = await browser.newContext();
    const page = await own.newPage();
    await page.goto(site.at('/'));
    const onA = await rawCdp(a.cdpUrl as string, auth());
    expect((await targetsOf(onA)).map((x) => x.url)).not.toContain(site.at('/'));
    const { browserWsUrl } = await t.server.manager.devtoolsTarget('alpha');
    const direct = await rawCdp(browserWsUrl);
    const contextsBefore = (await direct.send('Target.getBrowserContexts')).browserContextIds as string[];
    await browser.close();
    await expect
      .poll(
        async () => ((await direct.send('Target.getBrowserContexts')).browserContextIds as string[]).length,
      )
      .toBe(contextsBefore.length - 1);
    direct.close();
    onA.close();
    expect((await t.api<Session>('GET', '/sessions/alpha')).body.pageCount).toBe(1);
  });
});

describe('who may attach', () => {
  it('refuses a missing or wrong token, a foreign Host or Origin, and an unknown session', async () => {
    const url = a.cdpUrl as string;
    const missing = await refusedUpgrade(url);
    expect(missing.status).toBe(401);
    expect(missing.body.error?.message).toMatch(/Missing API token/);
    const wrong = await refusedUpgrade(url, { Authorization: 'Bearer not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.message).toMatch(/refused/);
    const origin = await refusedUpgrade(url, { ...auth(), Origin: 'https://evil.example' });
    expect(origin.status).toBe(403);
    const host = await refusedUpgrade(url, { ...auth(), Host: 'evil.example' });
    expect(host.status).toBe(403);
    const unknown = await refusedUpgrade(url.replace(a.id, 'no-such-session'), auth());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('session_not_found');
    // Playwright reports the refusal instead of hanging.
    await expect(chromium.connectOverCDP(url, { timeout: 60_000 })).rejects.toThrow(/401/);
  });

  it('lets a client without headers in once with a ticket for that session', async () => {
    const issued = await t.api<{ url: string; ticket: string }>('POST', '/sessions/alpha/cdp/ticket', {});
    expect(issued.status).toBe(201);
    expect(issued.body.url).toBe(`${a.cdpUrl}?ticket=${issued.body.ticket}`);
    expect(issued.body.url).not.toContain(t.token);
    const client = await rawCdp(issued.body.url);
    expect((await targetsOf(client)).length).toBe(1);
    client.close();
    const again = await refusedUpgrade(issued.body.url);
    expect(again.status).toBe(401);
    expect(again.body.error?.message).toMatch(/ticket/);
    const forA = await t.api<{ ticket: string }>('POST', '/sessions/alpha/cdp/ticket', {});
    const onB = await refusedUpgrade(`${b.cdpUrl}?ticket=${forA.body.ticket}`);
    expect(onB.status).toBe(401);
  });
});

describe('Chrome DevTools on a session page', () => {
  it('opens through a one-time link: the frontend from this server, the page over a ticket', async () => {
    const link = await t.api<{ url: string; targetId: string }>('POST', '/sessions/alpha/devtools', {});
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^\/devtools\/inspector\.html\?ws=/);
    expect(link.body.url).not.toContain(t.token);
    const frontend = await fetch(`${t.url}${link.body.url}`); // no token: Chromium's static files
    expect(frontend.status).toBe(200);
    expect(await frontend.text()).toContain('<!DOCTYPE html>');
    const socket = new URL(`http://x${link.body.url}`).searchParams.get('ws') as string;
    const page = await rawCdp(`ws://${socket}`, { Origin: t.url });
    const title = await page.send('Runtime.evaluate', { expression: 'document.title', returnByValue: true });
    expect((title.result as { value: unknown }).value).toBe('State');
    await page.send('Browser.close'); // ends this connection only
    expect((await page.closed).code).toBe(1000);
    expect((await t.api<Session>('GET', '/sessions/alpha')).body.status).toBe('active');
    expect((await refusedUpgrade(`ws://${socket}`)).status).toBe(401); // the ticket is used up

    const onB = await rawCdp(b.cdpUrl as string, auth());
    const [pageB] = await targetsOf(onB);
    onB.close();
    const forB = await t.api<{ ticket: string }>('POST', '/sessions/alpha/cdp/ticket', {});
    const foreign = await refusedUpgrade(`${a.cdpUrl}/page/${pageB?.targetId}?ticket=${forB.body.ticket}`);
    expect(foreign.status).toBe(404);
    // Outside /devtools/ the token is needed again; inside, only Chromium's own files are served.
    expect((await fetch(`${t.url}/devtools/%2e%2e/token`)).status).toBe(401);
    expect((await fetch(`${t.url}/devtools/no-such-file.js`)).status).toBe(404);
  });
});

describe('bad input on the endpoint', () => {
  it('answers bad paths, bad upgrade headers and bad frames without a crash, and the session still works', async () => {
    for (const path of [
      '/sessions//cdp',
      '/sessions/%ZZ/cdp',
      '/nope',
      `/sessions/${'x'.repeat(5000)}/cdp`,
      '/sessions/alpha/cdp/extra',
    ]) {
      const refused = await refusedUpgrade(`${t.url.replace('http', 'ws')}${path}`, auth());
      expect(refused.status, path).toBeGreaterThanOrEqual(400);
      expect(refused.status, path).toBeLessThan(500);
    }
    // Malformed upgrade requests, written by hand.
    const { port } = new URL(t.url);
    const upgrade = (lines: string[]) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(`${lines.join('\r\n')}\r\n\r\n`));
        let answer = '';
        socket.on('data', (chunk) => {
          answer += chunk.toString();
        });
        socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
        socket.on('error', () => resolve(answer.split('\r\n')[0] ?? ''));
      });
    const base = [`Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade'];
    const key = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==';
    const path = `/sessions/${a.id}/cdp`;
    expect(await upgrade([`GET ${path} HTTP/1.1`, ...base, `Authorization: Bearer ${t.token}`])).toMatch(
      / 400 /,
    );
    expect(
      await upgrade([
        `GET ${path} HTTP/1.1`,
        ...base,
        key,
        'Sec-WebSocket-Version: 99',
        `Authorization: Bearer ${t.token}`,
      ]),
    ).toMatch(/ 400 /);
    expect(
      await upgrade([
        `GET ${path} HTTP/1.1`,
        ...base,
        key,
        'Sec-WebSocket-Version: 13',
        `Authorization: Bearer ${'x'.repeat(10_000)}`,
      ]),
    ).toMatch(/ 401 /);
    expect(
      await upgrade([
        `GET ${path} HTTP/1.1`,
        ...base,
        key,
        'Sec-WebSocket-Version: 13',
        'Authorization: Basic Zm9vOmJhcg==',
      ]),
    ).toMatch(/ 401 /);
    expect(await upgrade([`GET /openapi.json HTTP/1.1`, ...base, key, 'Sec-WebSocket-Version: 13'])).toMatch(
      / 404 /,
    );

    const client = await rawCdp(a.cdpUrl as string, auth());
    client.sendRaw('not json');
    client.sendRaw(Buffer.from([0, 1, 2, 3]));
    client.sendRaw('[1,2,3]');
    client.sendRaw(JSON.stringify({ id: 'x', method: 7 }));
    client.sendRaw(JSON.stringify({ id: 2_100_000_000, method: 'Browser.getVersion' }));
    client.sendRaw(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    client.sendRaw(JSON.stringify({ id: 9, method: 'Runtime.evaluate', sessionId: 'made-up', params: {} }));
    const version = await client.send('Browser.getVersion');
    expect(version.product).toMatch(/Chrom/);
    client.close();
    const health = await t.api<{ status: string }>('GET', '/health');
    expect(health.status).toBe(200);
    const ran = await t.api<{ result: unknown }>('POST', '/sessions/alpha/execute', { script: '6 * 7' });
    expect(ran.body.result).toBe(42);
  });
});

describe('a server without CDP', () => {
  it('says so in cdpUrl, on the endpoint and for a ticket', async () => {
    const off = await startServer({ cdp: false });
    try {
      const created = await off.api<Session>('POST', '/sessions', { name: 'plain' });
      expect(created.body.cdpUrl).toBeNull();
      const ticket = await off.api<{ error: { code: string } }>('POST', '/sessions/plain/cdp/ticket', {});
      expect(ticket.status).toBe(409);
      expect(ticket.body.error.code).toBe('cdp_unavailable');
      const refused = await refusedUpgrade(`${off.url.replace('http', 'ws')}/sessions/plain/cdp`, {
        Authorization: `Bearer ${off.token}`,
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error?.message).toMatch(/--no-cdp/);
    } finally {
      await off.close();
      off.home.remove();
    }
  });
});
