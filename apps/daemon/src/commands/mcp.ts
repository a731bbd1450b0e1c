import { commandContext, defineCommand } from '../command-module.js';
import { CliError } from '../output.js';
import { clientFor } from './session/client.js';

/**
 * `mb-browser mcp <name>`: the stock Playwright MCP server (its tools, unchanged) on stdio, driving the
 * named session through its CDP endpoint. It runs in this process, so the token is sent as a header and
 * never appears on a command line. When the agent goes, the session stays.
 */
export const mcpCommand = defineCommand({
  command: 'mcp <name>',
  describe: 'Serve MCP on stdio (Playwright MCP tools) bound to a named session, for an AI agent',
  builder: (yargs) =>
    yargs.positional('name', { type: 'string', demandOption: true }).option('create', {
      type: 'boolean',
      default: true,
      describe:
        'Create the session (or bring back its saved state) when it is not live; --no-create fails instead',
    }),
  handler: async (args) => {
    const { paths } = commandContext(args);
    const client = clientFor(paths);
    const session = args.create
      ? await client.createSession(args.name, { reuse: true })
      : await client.getSession(args.name);
    const { url, headers } = await session.cdp();
    const [{ createConnection }, { StdioServerTransport }] = await Promise.all([
      import('@playwright/mcp'),
      import('@modelcontextprotocol/sdk/server/stdio.js'),
    ]).catch((cause: unknown) => {
      throw new CliError(`could not load the Playwright MCP server: ${(cause as Error).message}`);
    });
    const server = await createConnection({ browser: { cdpEndpoint: url, cdpHeaders: headers } });
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.once('end', () => resolve());
    });
    await server.connect(transport);
    // stdout is the protocol's: anything for a person goes to stderr.
    process.stderr.write(`mb-browser mcp: serving session "${session.name}" over stdio (${url})\n`);
    await closed;
    await server.close().catch(() => undefined);
  },
});
