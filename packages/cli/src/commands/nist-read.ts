import { NistError, type NistTransaction, parseTransaction } from "@tenprint/nist";
import { invalidInput, readInput } from "./cli-errors.js";

/** Reads and parses a file: missing, exit 2; malformed, exit 1 with the NistError's record and offset. */
export async function readTransaction(file: string): Promise<NistTransaction> {
  const bytes = await readInput(file);
  try {
    return parseTransaction(bytes);
  } catch (error) {
    if (error instanceof NistError) throw invalidInput(`${file}: ${error.message}`, error);
    throw error;
  }
}
