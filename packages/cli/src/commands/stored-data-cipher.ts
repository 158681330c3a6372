import { createEnvelopeCipher, type EnvelopeCipher, storedDataMasterKey } from "@tenprint/hub";

/**
 * The cipher for commands that open an existing database: the master key from TENPRINT_MASTER_KEY_FILE or
 * TENPRINT_MASTER_KEY, else the demo's `<data>/master.key`; none for a database kept in plain.
 */
export function storedDataCipher(dataDir: string | undefined): EnvelopeCipher | undefined {
  const found = storedDataMasterKey(dataDir);
  return found && createEnvelopeCipher(found.key);
}
