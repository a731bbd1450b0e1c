import { resolve } from 'node:path';
import type { PageInfo } from '@marketbridge/client';
import { commandContext, defineCommand } from '../../command-module.js';
import { clientFor } from './client.js';

function pageLine(p: PageInfo): string {
  return `${p.active ? '*' : ' '} ${p.id}  ${p.url}${p.title ? `  (${p.title})` : ''}`;
}

export const pagesCommand = defineCommand({
  command: 'pages <name>',
  describe: 'List the pages (tabs) of a session; * marks the active one',
  builder: (yargs) => yargs.positional('name', { type: 'string', demandOption: true }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const pages = await (await clientFor(paths).getSession(args.name)).pages();
    out.result({ pages }, () => pages.map(pageLine).join('\n'));
  },
});

export const tabCommand = defineCommand({
  command: 'tab <name> [url]',
  describe: 'Open a page (tab) in a session, optionally at a URL; it becomes the active page',
  builder: (yargs) =>
    yargs.positional('name', { type: 'string', demandOption: true }).positional('url', { type: 'string' }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const page = await (await clientFor(paths).getSession(args.name)).openPage(args.url);
    out.result(page, () => `Opened ${pageLine(page).trim()}`);
  },
});

export const closeTabCommand = defineCommand({
  command: 'close-tab <name> <page>',
  describe: 'Close a page (tab) of a session by its id',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .positional('page', { type: 'string', demandOption: true }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const pages = await (await clientFor(paths).getSession(args.name)).closePage(args.page);
    out.result({ closed: args.page, pages }, () =>
      [`Closed ${args.page}; open now:`, ...pages.map(pageLine)].join('\n'),
    );
  },
});

export const snapshotCommand = defineCommand({
  command: 'snapshot <name>',
  describe: "Print the aria snapshot (YAML) of a session's page: roles, names, values",
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .option('page', { type: 'string', describe: 'A page id (default: the active page)' }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const snap = await (await clientFor(paths).getSession(args.name)).snapshot(args.page);
    out.result(snap, () => `# ${snap.title} — ${snap.url} (${snap.pageId})\n${snap.snapshot}`);
  },
});

export const pdfCommand = defineCommand({
  command: 'pdf <name> [file]',
  describe: "Save a session's page as PDF (Chromium)",
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .positional('file', { type: 'string' })
      .option('page', { type: 'string', describe: 'A page id (default: the active page)' })
      .option('landscape', { type: 'boolean' }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const session = await clientFor(paths).getSession(args.name);
    const file = resolve(args.file ?? `${args.name}_${new Date().toISOString().replace(/[:.]/g, '-')}.pdf`);
    const bytes = await session.pdf(file, {
      ...(args.page ? { pageId: args.page } : {}),
      ...(args.landscape !== undefined ? { landscape: args.landscape } : {}),
    });
    out.result({ file, bytes: bytes.length }, () => `Saved ${file} (${bytes.length} bytes)`);
  },
});
