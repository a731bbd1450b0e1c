// An AI agent's MCP client starts `mb-browser mcp <name>`, snapshots the session's page and types into
// it with the stock Playwright MCP tools; REST then sees the typed text, and the session outlives the agent.
import { fileURLToPath } from 'node:url';
import { BrowserClient } from '@marketbridge/client';
import { createTempHome, startTestSite, type TempHome, type TestSite } from '@marketbridge/test-helpers';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mbBrowser } from './test-fixtures/cli.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
let home: TempHome;
let site: TestSite;

beforeAll(async () => {
  home = createTempHome();
  site = await startTestSite();
  const started = await mbBrowser(home.dir, ['start', '--port', '0']);
  if (started.code !== 0) throw new Error(started.stderr);
});
afterAll(async () => {
  await mbBrowser(home.dir, ['stop']);
  await site?.close();
  home?.remove();
});

function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((c) => c.text ?? '').join('\n');
}

it('serves Playwright MCP tools bound to a named session, and the session outlives the agent', async () => {
  const api = new BrowserClient(undefined, { home: home.dir });
  const session = await api.createSession('agent', { url: site.at('/form') });

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'mcp', 'agent'],
    env: { ...(process.env as Record<string, string>), MARKETBRIDGE_HOME: home.dir, MB_BROWSER_URL: '' },
    stderr: 'pipe',
  });
  const agent = new Client({ name: 'test-agent', version: '1.0.0' });
  await agent.connect(transport);
  const { tools } = await agent.listTools();
  const names = tools.map((t) => t.name);
  expect(names).toEqual(expect.arrayContaining(['browser_snapshot', 'browser_type', 'browser_navigate']));

  const snapshot = textOf(await agent.callTool({ name: 'browser_snapshot', arguments: {} }));
  expect(snapshot).toContain(site.at('/form'));
  const ref = /textbox[^\n]*\[ref=(\w+)\]/.exec(snapshot)?.[1];
  const typeTool = tools.find((t) => t.name === 'browser_type');
  expect(Object.keys(typeTool?.inputSchema.properties ?? {})).toContain('target');
  expect(ref, snapshot).toBeDefined();
  const typed = await agent.callTool({
    name: 'browser_type',
    arguments: { element: 'the name field', target: ref, text: 'typed by an agent' },
  });
  expect(typed.isError ?? false, textOf(typed)).toBe(false);
  await agent.close();

  expect(await session.executeJs("document.querySelector('#name').value")).toBe('typed by an agent');
  const after = await session.refresh();
  expect(after.status).toBe('active');
  expect(after.currentUrl).toBe(site.at('/form'));
});
