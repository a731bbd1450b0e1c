import type { z } from 'zod';

export interface Issue {
  path: string;
  message: string;
}

/**
 * A bound's message is a predicate about the field ("is 80 characters long; the limit is 64"): the
 * field's path goes in front of it, so the message names the field and the limit.
 */
const PREDICATE = /^(is|has) /;

interface RawIssue {
  code?: string;
  path: PropertyKey[];
  message: string;
  errors?: RawIssue[][];
}

/**
 * A union none of whose branches matched says only "Invalid input". When the value's type picked one
 * branch (every other failed on the type of the value itself), that branch's issues say what is wrong:
 * a select `value` list of 101 items "has 101 items; the limit is 100".
 */
function flatten(issue: RawIssue, prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors) {
    const typed = issue.errors.filter(
      (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
    );
    if (typed.length === 1) return (typed[0] as RawIssue[]).flatMap((i) => flatten(i, path));
  }
  return [{ path, message: issue.message }];
}

function issueList(error: z.ZodError): { path: string; message: string; predicate: boolean }[] {
  return (error.issues as RawIssue[]).flatMap((raw) =>
    flatten(raw).map(({ path: keys, message }) => {
      const path = keys.map(String).join('.') || '(root)';
      const predicate = PREDICATE.test(message);
      return {
        path,
        message: predicate ? `${path === '(root)' ? 'the value' : path} ${message}` : message,
        predicate,
      };
    }),
  );
}

/** Validation issues as `{ path, message }` pairs, for error `details`. */
export function issuesOf(error: z.ZodError): Issue[] {
  return issueList(error).map(({ path, message }) => ({ path, message }));
}

/** One line a person can read: `name is 80 characters long; the limit is 64; viewport.width: Too small`. */
export function formatIssues(error: z.ZodError): string {
  return issueList(error)
    .map(({ path, message, predicate }) => (path === '(root)' || predicate ? message : `${path}: ${message}`))
    .join('; ');
}

/** `Invalid option: expected one of "a"|"b"`, as z.enum says it, for a discriminator no branch has. */
export function unknownDiscriminator(values: readonly string[]) {
  return (issue: { code?: string; note?: string }) =>
    issue.code === 'invalid_union' && issue.note === 'No matching discriminator'
      ? `Invalid option: expected one of ${values.map((v) => JSON.stringify(v)).join('|')}`
      : undefined;
}
