import { commandContext, defineCommand } from '../../command-module.js';
import { ago, table } from '../../output.js';
import { clientFor } from './client.js';

export const listCommand = defineCommand({
  command: 'list',
  describe: 'List sessions',
  builder: (yargs) => yargs,
  handler: async (args) => {
    const { paths, out } = commandContext(args);
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
});
