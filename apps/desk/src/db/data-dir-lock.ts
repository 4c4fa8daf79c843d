/**
 * One desk per DATA_DIR. The embedded PostgreSQL server's own postmaster.pid keeps a second
 * server off the folder, but a second desk adopts the running server (embedded.ts) and would
 * write into the same live database as the first. The desk takes this lock before it starts or
 * adopts a server; a lock left by a killed desk (its process is gone) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another desk (process ${pid}) is running on DATA_DIR ${dataDir}. Stop it first, or give this one another DATA_DIR (or a DATABASE_URL).`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<dataDir>/<name>`; returns the release function. Throws DataDirLockedError when held. */
export function lockDataDir(dataDir: string, name = 'desk.lock'): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, name);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let pid = Number.NaN;
    try {
      pid = Number(readFileSync(file, 'utf8').trim());
    } catch {
      continue; // released meanwhile: try again
    }
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
      throw new DataDirLockedError(dataDir, pid);
    // Stale (its desk was killed): take it over.
    try {
      unlinkSync(file);
    } catch {
      // someone else took it over first; the next attempt says who holds it
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}
