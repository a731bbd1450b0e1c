import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real, tiny file system (tmpfs) mounted on a temp directory: fill it and writes fail with ENOSPC. */
export interface SmallDisk {
  /** The mount point (absolute, symlink-free). */
  readonly dir: string;
  freeBytes(): number;
  /**
   * Fills the file system with a filler file, leaving `leaveBytes` free (0: full — no new file can
   * get a block; appends inside a file's last partly used block still fit).
   */
  fill(leaveBytes?: number): void;
  /** Removes the filler. */
  unfill(): void;
  /** Unmounts (lazily, so files still open do not block it) and removes the mount point. */
  remove(): void;
}

function mountTmpfs(sizeKb: number, prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
  } catch (error) {
    rmdirSync(dir);
    throw error;
  }
  return dir;
}

let probed: { reason: string | undefined } | undefined;

/**
 * Why no small file system can be mounted here (not root, no CAP_SYS_ADMIN in a container, no
 * `mount`), or undefined when it can. Probed once per process by mounting one.
 */
export function smallDiskUnavailable(): string | undefined {
  if (!probed) {
    try {
      const dir = mountTmpfs(64, 'mb-probe-');
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmdirSync(dir);
      probed = { reason: undefined };
    } catch (error) {
      const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
      probed = { reason: `cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN): ${detail}` };
    }
  }
  return probed.reason;
}

/** Mounts a `sizeKb` tmpfs on a fresh temp directory. Throws where {@link smallDiskUnavailable} says why. */
export function mountSmallDisk(sizeKb: number, prefix = 'mb-disk-'): SmallDisk {
  const dir = mountTmpfs(sizeKb, prefix);
  const filler = join(dir, '.filler');
  const freeBytes = () => {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  };
  return {
    dir,
    freeBytes,
    fill(leaveBytes = 0) {
      rmSync(filler, { force: true });
      const size = freeBytes() - leaveBytes;
      try {
        // Asking for more than is free writes every free block, then fails with ENOSPC.
        writeFileSync(filler, Buffer.alloc(leaveBytes > 0 ? size : size + 1024 * 1024));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    },
    unfill() {
      rmSync(filler, { force: true });
    },
    remove() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmdirSync(dir);
    },
  };
}
