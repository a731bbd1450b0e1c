import type { z } from 'zod';

export interface Issue {
  path: string;
  message: string;
}

/** Validation issues as `{ path, message }` pairs, for error `details`. */
export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** One line a person can read: `name: Too big; viewport.width: Too small`. */
export function formatIssues(error: z.ZodError): string {
  return issuesOf(error)
    .map((i) => (i.path === '(root)' ? i.message : `${i.path}: ${i.message}`))
    .join('; ');
}
