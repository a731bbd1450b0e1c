import type { Example } from '../example.js';
import { cdpAttach } from './cdp-attach.js';
import { cleanup } from './cleanup.js';
import { concurrentSessions } from './concurrent-sessions.js';
import { debugScreenshots } from './debug-screenshots.js';
import { errorRecovery } from './error-recovery.js';
import { longLivedSession } from './long-lived-session.js';
import { lowLevelClient } from './low-level-client.js';
import { persistence } from './persistence.js';
import { quickStart } from './quick-start.js';
import { vitestSpec } from './vitest-spec.js';

/** Every example, in the order the runner runs them. */
export const examples: Example[] = [
  quickStart,
  lowLevelClient,
  persistence,
  concurrentSessions,
  errorRecovery,
  debugScreenshots,
  vitestSpec,
  longLivedSession,
  cdpAttach,
  cleanup,
];
