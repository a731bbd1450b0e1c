import { commandContext, defineCommand } from '../../command-module.js';
import { clientFor } from './client.js';

export const cdpCommand = defineCommand({
  command: 'cdp <name>',
  describe: 'Print where a CDP client (Playwright, Puppeteer, DevTools) attaches to a session',
  builder: (yargs) =>
    yargs.positional('name', { type: 'string', demandOption: true }).option('ticket', {
      type: 'boolean',
      default: false,
      describe: 'Print a single-use URL valid for a minute, for a tool that cannot send headers',
    }),
  handler: async (args) => {
    const { paths, out } = commandContext(args);
    const session = await clientFor(paths).getSession(args.name);
    if (args.ticket) {
      const ticket = await session.cdpTicket();
      out.result(ticket, () => `${ticket.url}\n(single use, until ${ticket.expiresAt})`);
      return;
    }
    const { url, headers } = await session.cdp();
    const header = headers.Authorization ? `Authorization: ${headers.Authorization}` : undefined;
    out.result({ url, headers }, () =>
      [
        url,
        ...(header
          ? [
              `Send the header "Authorization: Bearer <token>" (the token is in ${paths.home}/token), e.g.`,
              `  chromium.connectOverCDP('${url}', { headers: { Authorization: 'Bearer …' } })`,
            ]
          : []),
      ].join('\n'),
    );
  },
});
