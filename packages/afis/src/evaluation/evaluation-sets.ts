import { createHash } from "node:crypto";

/** Which side of the split a finger is on: constants are fitted on tuning only, headline figures are validation. */
export type EvaluationSet = "tuning" | "validation";

/** One image of the real-print manifest: its path under the data root, its set, its SHA-256. */
export interface EvaluationSetEntry {
  readonly path: string;
  readonly database: string;
  readonly finger: string;
  readonly set: EvaluationSet;
  readonly sha256: string;
}

export interface EvaluationSetManifest {
  /** The rule that made the split, so that a new database is split the same way. */
  readonly rule: string;
  readonly salt: string;
  readonly entries: readonly EvaluationSetEntry[];
}

/**
 * Splits finger numbers into halves by the SHA-256 of salt and number: the same number falls on the same
 * side in every database, so a volunteer whose fingers appear under one number in two databases (FVC2002
 * DB1 and DB2 share volunteers) cannot be tuned on in one and validated on in the other; the hash makes the
 * choice blind to the images' quality. With an odd count the validation side gets the extra finger.
 */
export function splitFingers(fingers: readonly string[], salt: string): Map<string, EvaluationSet> {
  const unique = [...new Set(fingers)];
  const ranked = unique
    .map((finger) => ({ finger, key: createHash("sha256").update(`${salt}:${finger}`).digest("hex") }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const tuning = Math.floor(ranked.length / 2);
  return new Map(ranked.map(({ finger }, index) => [finger, index < tuning ? "tuning" : "validation"]));
}
