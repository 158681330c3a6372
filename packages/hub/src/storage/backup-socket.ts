import { chmodSync, existsSync, rmSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { join } from "node:path";
import { StorageError } from "./storage-error.js";

/**
 * How `tenprint backup` reaches a running hub's embedded database: a Unix socket in the data directory.
 * PGlite is one process's; only the process holding the data directory can read it consistently. The
 * socket is the owner's alone (0600 in a 0700 directory): whoever may connect could copy the files anyway.
 */
export const BACKUP_SOCKET = "tenprint.sock";

const REQUEST = "BACKUP\n";
const OK = 0x4b; // "K"
const FAILED = 0x45; // "E"

export function backupSocketPath(dataDir: string): string {
  return join(dataDir, BACKUP_SOCKET);
}

/** Answers backup requests with `produce()`; the returned function stops listening and removes the socket. */
export async function serveBackups(
  path: string,
  produce: () => Promise<Uint8Array>,
): Promise<() => Promise<void>> {
  // The data directory's lock says no other live process owns it: a socket left here is a dead one's.
  rmSync(path, { force: true });
  const server: Server = createServer((socket) => {
    let request = "";
    socket.on("data", (chunk) => {
      request += chunk.toString("ascii");
      if (!request.includes("\n")) return;
      if (request !== REQUEST) {
        socket.end(Buffer.concat([Buffer.of(FAILED), Buffer.from("unknown request")]));
        return;
      }
      produce().then(
        (backup) => socket.end(Buffer.concat([Buffer.of(OK), backup])),
        (error: unknown) =>
          socket.end(
            Buffer.concat([
              Buffer.of(FAILED),
              Buffer.from(error instanceof Error ? error.message : String(error)),
            ]),
          ),
      );
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      rmSync(path, { force: true });
    });
}

/** A backup from the hub that holds `dataDir`, over its socket. */
export function requestBackup(dataDir: string): Promise<Uint8Array> {
  const path = backupSocketPath(dataDir);
  if (!existsSync(path))
    return Promise.reject(
      new StorageError(
        `the database in ${dataDir} is held by a running process without a backup socket (${path}); stop it, or back up through tenprint serve/demo`,
      ),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(path, () => socket.write(REQUEST));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", (error) =>
      reject(
        new StorageError(`cannot reach the hub's backup socket ${path}: ${error.message}`, { cause: error }),
      ),
    );
    socket.on("end", () => {
      const answer = Buffer.concat(chunks);
      if (answer[0] === OK) resolve(new Uint8Array(answer.buffer, answer.byteOffset + 1, answer.length - 1));
      else
        reject(
          new StorageError(
            `the running hub could not back up: ${answer.subarray(1).toString("utf8") || "no answer"}`,
          ),
        );
    });
  });
}
