/**
 * Nesting depth of JSON text, found without parsing it: one pass over the text counting `[` and `{`
 * (minus `]` and `}`) outside strings. Nothing recursive — `JSON.parse`, `structuredClone`, zod, a
 * serializer — ever sees a body this refused, so no depth of nesting can exhaust a stack.
 *
 * The text need not be valid JSON: this only bounds what a parser would have to nest. A string's
 * escapes (`\"`, `\\`) are followed so that brackets inside strings do not count.
 */
export function jsonDepthExceeds(text: string, maxDepth: number): { depth: number; at: number } | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > maxDepth) return { depth, at: i };
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}
