import type { EventEmitter } from 'node:events';
import type { BrowserManagerEvents } from './types.js';

/** Reports something that went wrong in the background; the manager turns it into a `warning` event. */
export type Warn = (message: string, error?: unknown) => void;

/** Emits one of the manager's events. */
export type Emit = EventEmitter<BrowserManagerEvents>['emit'];

/** A Warn that emits `warning` events, an error's first line appended to the message. */
export function warnThrough(emit: Emit): Warn {
  return (message, error) => {
    const detail = error instanceof Error ? `: ${error.message.split('\n')[0]}` : '';
    emit('warning', { message: `${message}${detail}`, ...(error ? { error } : {}) });
  };
}
