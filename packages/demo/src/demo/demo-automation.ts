import { createHash } from "node:crypto";

/** The steps a person takes in the programme that the demo may leave to its rules. */
export type PersonStep = "lesc" | "ero";

/**
 * Whether this booking's step waits for a person in the console: a share of the bookings, picked by a hash
 * of the step and the booking's id, so a restart picks the same ones and the two steps are independent.
 */
export function waitsForPerson(step: PersonStep, transactionId: string, share: number): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  const draw = createHash("sha256").update(`${step}:${transactionId}`).digest().readUInt32BE(0) / 2 ** 32;
  return draw < share;
}
