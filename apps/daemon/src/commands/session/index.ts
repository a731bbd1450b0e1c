import { defineCommand } from '../../command-module.js';
import { cdpCommand } from './cdp.js';
import { createCommand } from './create.js';
import { deleteCommand } from './delete.js';
import { execCommand } from './exec.js';
import { downloadsCommand, uploadCommand } from './files.js';
import { listCommand } from './list.js';
import { navigateCommand } from './navigate.js';
import { openCommand } from './open.js';
import { closeTabCommand, pagesCommand, pdfCommand, snapshotCommand, tabCommand } from './pages.js';
import { recycleCommand } from './recycle.js';
import { screenshotCommand } from './screenshot.js';
import { showCommand } from './show.js';
import { cloneCommand, cookiesCommand, exportCommand, importCommand } from './storage.js';

/** `mb-browser session <command>`: the session subcommands, in the order help lists them. */
export const sessionCommand = defineCommand({
  command: 'session',
  describe: 'Work with one session',
  builder: (yargs) =>
    yargs
      .command(createCommand)
      .command(listCommand)
      .command(showCommand)
      .command(navigateCommand)
      .command(execCommand)
      .command(screenshotCommand)
      .command(recycleCommand)
      .command(deleteCommand)
      .command(openCommand)
      .command(cdpCommand)
      .command(pagesCommand)
      .command(tabCommand)
      .command(closeTabCommand)
      .command(snapshotCommand)
      .command(pdfCommand)
      .command(uploadCommand)
      .command(downloadsCommand)
      .command(cookiesCommand)
      .command(exportCommand)
      .command(importCommand)
      .command(cloneCommand)
      .demandCommand(
        1,
        'Name a session command: create, list, show, navigate, exec, screenshot, recycle, delete, open, cdp, pages, tab, close-tab, snapshot, pdf, upload, downloads, cookies, export, import, clone',
      ),
  // A subcommand does the work; `session` alone fails demandCommand above, a usage error.
  handler: async () => {},
});
