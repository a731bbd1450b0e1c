/**
 * Errors thrown by the registry. Every one is a {@link RegistryError} with a stable `code`; the
 * underlying OS or library error, when there is one, is kept as `cause`.
 */
export class RegistryError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An active session already uses the name. Nothing was written. */
export class RegistryNameTakenError extends RegistryError {
  constructor(
    readonly sessionName: string,
    /** The id of the active session that holds the name. */
    readonly existingId: string,
  ) {
    super('name_taken', `The session name "${sessionName}" is already used by active session ${existingId}`);
  }
}

/** `create()` was given the id of a session that exists and is active. Nothing was written. */
export class RegistrySessionExistsError extends RegistryError {
  constructor(readonly sessionId: string) {
    super('session_exists', `Session ${sessionId} already exists and is active`);
  }
}

export class RegistryNotFoundError extends RegistryError {
  constructor(readonly sessionId: string) {
    super('session_not_found', `No session with id ${sessionId} in the registry`);
  }
}

/**
 * The registry file did not parse as JSON or did not have the registry's shape. It has been moved
 * to `movedTo` (original bytes, untouched); the next write starts from an empty registry.
 */
export class RegistryCorruptError extends RegistryError {
  constructor(
    readonly file: string,
    readonly movedTo: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      'registry_corrupt',
      `The session registry ${file} is corrupt (${reason}). It was moved to ${movedTo}; ` +
        'the next write starts from an empty registry. Inspect or restore the moved file if its sessions matter.',
      options,
    );
  }
}

/**
 * The lock could not be taken in time (`registry_locked`), or it was lost while this process held it
 * (`registry_lock_compromised`): then the update was NOT written, and can be retried.
 */
export class RegistryLockError extends RegistryError {
  constructor(
    code: 'registry_locked' | 'registry_lock_compromised',
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

const osCodeHelp: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a component of the path is not a directory',
  EISDIR: 'the path is a directory',
  ENOENT: 'no such file or directory',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

/**
 * A file-system operation on the registry failed (permissions, read-only or full disk, a path
 * component that is a file, ...). The message names the path, the OS error code, and what to do.
 */
export class RegistryIoError extends RegistryError {
  readonly path: string;
  /** The OS error code, e.g. `EACCES`, `ENOTDIR`, `EROFS` (`EUNKNOWN` when there was none). */
  readonly osCode: string;

  constructor(operation: string, path: string, cause: unknown) {
    const osCode = errnoCode(cause) ?? 'EUNKNOWN';
    const help = osCodeHelp[osCode] ?? (cause instanceof Error ? cause.message : String(cause));
    super(
      'registry_io_error',
      `Cannot ${operation} ${path}: ${osCode} (${help}). Make sure the directory exists and is writable by this user, ` +
        'or point the registry elsewhere (MARKETBRIDGE_HOME, or the registry file option / --registry-file).',
      { cause },
    );
    this.path = path;
    this.osCode = osCode;
  }
}

export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string')
    return err.code;
  return undefined;
}

/** A record given to `create`/`update`/`mutate` has a field of the wrong type or range. Nothing was written. */
export class RegistryValidationError extends RegistryError {
  constructor(message: string) {
    super('invalid_record', message);
  }
}
