import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { StorageError } from "./storage-error.js";

const LOCK_FILE = "tenprint.lock";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Claims an embedded data directory for this process. PGlite is a single-user Postgres with no lock of its
 * own; two processes on one directory would corrupt it. A lock left by a dead process (kill -9) is taken over.
 * Returns the function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(path, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder))
        throw new StorageError(
          `the database in ${dataDir} is in use by process ${holder}; stop it or use another --data DIR`,
        );
      if (holder === process.pid)
        throw new StorageError(
          `the database in ${dataDir} is already open in this process; share that handle`,
        );
      rmSync(path, { force: true });
    }
  }
  throw new StorageError(`cannot lock ${path}: another process keeps taking it`);
}
