import { basename, join } from 'node:path';

/** A label safe in a file name: letters, digits, `-` and `_` only, at most 64 characters, never empty. */
export function sanitizeLabel(label: unknown): string {
  const cleaned = String(label ?? '')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, 64);
  return cleaned || 'screenshot';
}

/** `20261124_142235_123`: sortable, local time, milliseconds so two shots in one second differ. */
export function timestamp(date = new Date()): string {
  const p = (n: number, width = 2) => String(n).padStart(width, '0');
  const day = `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}`;
  return `${day}_${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}_${p(date.getMilliseconds(), 3)}`;
}

/** `<dir>/debug_<label>_<timestamp>.png`, the label sanitised so the file stays inside `dir`. */
export function debugScreenshotPath(dir: string, label: unknown, date = new Date()): string {
  const name = basename(`debug_${sanitizeLabel(label)}_${timestamp(date)}.png`);
  return join(dir, name);
}
