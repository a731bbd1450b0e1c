import { ScriptError } from './errors.js';

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => unknown;

/** Parses only; nothing runs in this process. Returns the syntax error, if any. */
function syntaxErrorOf(body: string): Error | undefined {
  try {
    new AsyncFunction('args', body);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/**
 * Builds the page-side source for `execute`: the script is either an expression (`document.title`,
 * `fetch(u).then(r => r.status)`, `(a, b) => a + b` called with args) or a function body that uses
 * `return`; `args` is in scope. The result
 * comes back as JSON text so values JSON cannot carry are refused with a clear message instead of
 * silently turning into `{}` or `undefined`.
 */
export function buildExecuteSource(script: string, args: unknown[]): string {
  const asExpression = `return (${script.trim().replace(/;+$/, '')}\n);`;
  let body = asExpression;
  if (syntaxErrorOf(asExpression)) {
    const error = syntaxErrorOf(script);
    if (error) throw new ScriptError(`Script does not parse: ${error.message}`, { cause: error });
    body = script;
  }
  return `(async (args) => {
  let value = await (async (args) => {\n${body}\n})(args);
  if (typeof value === 'function') value = await value(...args);
  const kind = typeof value;
  if (value === undefined) return { ok: true, json: 'null' };
  if (kind === 'function' || kind === 'symbol' || kind === 'bigint')
    return { ok: false, reason: 'the script returned a ' + kind };
  if (typeof Node !== 'undefined' && value instanceof Node)
    return { ok: false, reason: 'the script returned a DOM node; return one of its properties instead, e.g. el.textContent' };
  if (typeof Window !== 'undefined' && value instanceof Window)
    return { ok: false, reason: 'the script returned a window object' };
  try {
    return { ok: true, json: JSON.stringify(value) };
  } catch (error) {
    return { ok: false, reason: String(error && error.message || error) };
  }
})(${JSON.stringify(args)})`;
}

export type ExecuteOutcome = { ok: true; json: string } | { ok: false; reason: string };

export function resultOf(outcome: ExecuteOutcome): unknown {
  if (!outcome.ok) throw new ScriptError(`Result is not JSON-serialisable: ${outcome.reason}`);
  return JSON.parse(outcome.json);
}
