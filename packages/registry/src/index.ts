export { atomicWrite } from './atomic-write.js';
export {
  RegistryCorruptError,
  RegistryError,
  RegistryIoError,
  RegistryLockError,
  RegistryNameTakenError,
  RegistryNotFoundError,
  RegistrySessionExistsError,
  RegistryValidationError,
} from './errors.js';
export { DEFAULT_STALE_MS, lockRetryPlan, MIN_STALE_MS } from './lock.js';
export { DEFAULT_VIEWPORT } from './record-codec.js';
export {
  type CleanupOptions,
  type ForgetExpiredOptions,
  type ForgetExpiredResult,
  SessionRegistry,
  type SessionRegistryOptions,
} from './registry.js';
export {
  checkRetentionRule,
  DEFAULT_RETENTION,
  pickExpired,
  RETENTION_LIMITS,
  type RetentionRule,
} from './retention.js';
export * from './types.js';
