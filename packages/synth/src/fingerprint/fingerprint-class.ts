import type { SeededRandom } from "../seeded-random.js";

/** Henry classes as SFinGe generates them. "left loop" opens to the left of the image (delta on the right). */
export type FingerprintClass = "arch" | "tented-arch" | "left-loop" | "right-loop" | "whorl";

export const FINGERPRINT_CLASSES: readonly FingerprintClass[] = [
  "arch",
  "tented-arch",
  "left-loop",
  "right-loop",
  "whorl",
];

/** Natural class frequencies used by SFinGe (Cappelli et al.), for a finger of unknown position. */
export const CLASS_FREQUENCIES: Readonly<Record<FingerprintClass, number>> = {
  arch: 0.037,
  "tented-arch": 0.029,
  "left-loop": 0.338,
  "right-loop": 0.317,
  whorl: 0.279,
};

export function isFingerprintClass(value: string): value is FingerprintClass {
  return (FINGERPRINT_CLASSES as readonly string[]).includes(value);
}

export function drawFingerprintClass(random: SeededRandom): FingerprintClass {
  return FINGERPRINT_CLASSES[random.weighted(FINGERPRINT_CLASSES.map((c) => CLASS_FREQUENCIES[c]))]!;
}
