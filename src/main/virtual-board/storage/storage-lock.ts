import { link, mkdir, open, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The lock file's name in a storage folder. */
export const storageLockName = '.stm32mp-flasher.lock';

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

/**
 * One process per storage folder: two simulations writing the same memory files would each leave the other's
 * image corrupt. The lock is a file created exclusively (`wx`) holding the owner's pid; a lock whose pid no longer
 * runs (a process killed with SIGKILL) is stale and taken over.
 */
export class StorageLock {
  readonly path: string;
  #released = false;

  private constructor(path: string) {
    this.path = path;
  }

  /** Takes the folder (creating it); throws an Error for the user when another process holds it. */
  static async acquire(directory: string): Promise<StorageLock> {
    await mkdir(directory, { recursive: true });
    const path = join(directory, storageLockName);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await StorageLock.#create(path)) return new StorageLock(path);
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner > 0 && processRuns(owner))
        throw new Error(
          `--sim-storage ${directory} is in use by another simulation (process ${owner}); give each running simulation its own folder.`,
        );
      // Stale (its process is gone) or half-written: take it over.
      await unlink(path).catch(() => undefined);
    }
    throw new Error(`--sim-storage ${directory}: its lock file ${path} could not be taken.`);
  }

  /**
   * Creates the lock with its pid already in it: written to a file of this process's own, then hard-linked into
   * place (atomic, fails if it exists), so a reader never finds it empty. Where hard links are not supported,
   * created with `wx` and written.
   */
  static async #create(path: string): Promise<boolean> {
    const own = `${path}.${process.pid}`;
    try {
      await writeFile(own, `${process.pid}\n`);
      await link(own, path);
      return true;
    } catch (error) {
      if (codeOf(error) === 'EEXIST') return false;
      if (codeOf(error) !== 'EPERM' && codeOf(error) !== 'ENOTSUP') throw error;
    } finally {
      await unlink(own).catch(() => undefined);
    }
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      return true;
    } catch (error) {
      if (codeOf(error) === 'EEXIST') return false;
      throw error;
    }
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    await unlink(this.path).catch(() => undefined);
  }
}
