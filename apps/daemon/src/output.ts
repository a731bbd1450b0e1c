/** How a command talks: human text by default, one JSON document with --json. */
export interface Output {
  json: boolean;
  /** Progress and human-readable lines (stderr under --json so stdout stays parseable). */
  info(message: string): void;
  /** The command's result: printed as JSON under --json, else rendered by `human`. */
  result(value: unknown, human?: (value: unknown) => string): void;
  error(message: string): void;
}

export function createOutput(json: boolean, stdout = process.stdout, stderr = process.stderr): Output {
  return {
    json,
    info: (message) => (json ? stderr : stdout).write(`${message}\n`),
    result: (value, human) => {
      if (json) stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      else stdout.write(`${human ? human(value) : String(value)}\n`);
    },
    error: (message) => stderr.write(`mb-browser: ${message}\n`),
  };
}

/** Exit codes the CLI uses, for scripts. */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  notRunning: 3,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.failure,
  ) {
    super(message);
  }
}

export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  if (s < 86400) return `${(s / 3600).toFixed(1)}h`;
  return `${(s / 86400).toFixed(1)}d`;
}
