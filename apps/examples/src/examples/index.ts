import type { Example } from '../example.js';
import { embeddedPersistence } from './embedded-persistence.js';

/** Every example, in the order the runner runs them. */
export const examples: Example[] = [embeddedPersistence];
