import { readFileSync } from 'node:fs';
import { commandContext, defineCommand } from '../command-module.js';
import { readPidFile } from '../pid-file.js';

/** Where the API token is, whether it is usable, and (with --rotate) a new one. */
export const tokenCommand = defineCommand({
  command: 'token',
  describe: 'Show where the API token is and whether it is usable; --rotate writes a new one',
  builder: (yargs) =>
    yargs.option('rotate', {
      type: 'boolean',
      default: false,
      describe: 'Write a new random token (a running server uses it after a restart)',
    }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const running = readPidFile(paths.pidFile).kind === 'running';
    // The token rules live with the server, which loads the browser code: loaded only for this command.
    const { rotateToken, tokenProblem } = await import('@marketbridge/server');
    if (args.rotate) {
      await rotateToken(paths.tokenFile);
      out.result({ tokenFile: paths.tokenFile, rotated: true, restartNeeded: running }, () =>
        [
          `Wrote a new API token to ${paths.tokenFile} (mode 600).`,
          ...(running ? ['The running server still uses the old one: mb-browser restart'] : []),
        ].join('\n'),
      );
      return;
    }
    let problem: string | undefined;
    try {
      const text = readFileSync(paths.tokenFile, 'utf8').trim();
      problem = text === '' ? 'is empty (a new one is made at the next start)' : tokenProblem(text);
    } catch {
      problem = 'does not exist yet (it is made at the first start)';
    }
    out.result({ tokenFile: paths.tokenFile, usable: problem === undefined, problem: problem ?? null }, () =>
      problem === undefined
        ? `The API token is in ${paths.tokenFile} (usable).`
        : `The API token file ${paths.tokenFile} ${problem.startsWith('must') ? `is not usable: it ${problem}` : problem}.`,
    );
  },
});
