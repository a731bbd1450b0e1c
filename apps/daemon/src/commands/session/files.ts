import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { commandContext, defineCommand } from '../../command-module.js';
import { clientFor } from './client.js';

export const uploadCommand = defineCommand({
  command: 'upload <name> <selector> <files..>',
  describe: 'Set files on an <input type=file> of a session page',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .positional('selector', { type: 'string', demandOption: true })
      .positional('files', { type: 'string', array: true, demandOption: true })
      .option('page', { type: 'string', describe: 'A page id (default: the active page)' }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const session = await clientFor(paths).getSession(args.name);
    const files = await Promise.all(
      args.files.map(async (file) => ({
        name: basename(file),
        data: (await readFile(resolve(file))).toString('base64'),
      })),
    );
    await session.interact({
      action: 'upload',
      selector: args.selector,
      files,
      ...(args.page ? { pageId: args.page } : {}),
    });
    out.result(
      { uploaded: files.map((f) => f.name) },
      () => `Set ${files.map((f) => f.name).join(', ')} on ${args.selector}`,
    );
  },
});

export const downloadsCommand = defineCommand({
  command: 'downloads <name> [id]',
  describe: "List a session's downloads, or save one (by id) to a file",
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true })
      .positional('id', { type: 'string', describe: 'A download id: save its bytes' })
      .option('out', { type: 'string', describe: 'Where to save it (default: its suggested name, here)' }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const session = await clientFor(paths).getSession(args.name);
    const downloads = await session.downloads();
    if (!args.id) {
      out.result({ downloads }, () =>
        downloads.length === 0
          ? 'No downloads.'
          : downloads
              .map((d) => `${d.id}  ${d.size} bytes  ${d.mimeType}  ${d.suggestedFilename}`)
              .join('\n'),
      );
      return;
    }
    const bytes = await session.download(args.id);
    const entry = downloads.find((d) => d.id === args.id);
    // The site's name is only a default, and only its last part: never a path from the site.
    const file = resolve(args.out ?? basename(entry?.suggestedFilename ?? args.id));
    await writeFile(file, bytes);
    out.result({ file, bytes: bytes.length }, () => `Saved ${file} (${bytes.length} bytes)`);
  },
});
