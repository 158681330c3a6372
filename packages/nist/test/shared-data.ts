import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's shared test data lives beside the repository, not in it; tests skip without it. */
export const SHARED_FINGERPRINTS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../shared/data/fingerprints",
);

export const hasSharedData = existsSync(SHARED_FINGERPRINTS);

if (!hasSharedData) {
  console.warn(
    `shared fingerprint data not found at ${SHARED_FINGERPRINTS}: tests on real files are skipped`,
  );
}

export function readShared(relativePath: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SHARED_FINGERPRINTS, relativePath)));
}
