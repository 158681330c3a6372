import { SeededRandom } from "../seeded-random.js";
import type { FingerprintClass } from "./fingerprint-class.js";

/**
 * Classes of a person's ten fingers (ANSI/NIST finger positions 1–10: right thumb … right little,
 * left thumb … left little).
 *
 * Model: pattern classes lie on a complexity scale arch < tented arch < loop < whorl, and real hands are
 * correlated along it (people with arches tend to have several; homologous fingers of both hands usually
 * agree). Each finger's score is s = a·person + b·fingerPair + c·own, with independent standard normal
 * terms and a² + b² + c² = 1, so s is standard normal and its quantile picks the class from that finger
 * position's own distribution: the marginals per finger are exact while fingers of one person, and above
 * all the same finger of both hands, are correlated. Per-position distributions follow the usual
 * dactyloscopic picture (whorls on thumbs and ring fingers, arches and radial loops on index fingers,
 * ulnar loops on little fingers) and average over the five positions to the SFinGe natural frequencies.
 * Loops are ulnar or radial; an ulnar loop opens towards the little finger, which is the image's right
 * for a right hand and its left for a left hand (prints are mirror images of the finger pad).
 */
const POSITION_CLASSES: readonly {
  arch: number;
  tented: number;
  loop: number;
  whorl: number;
  radial: number;
}[] = [
  { arch: 0.02, tented: 0.02, loop: 0.56, whorl: 0.4, radial: 0.02 },
  { arch: 0.09, tented: 0.08, loop: 0.55, whorl: 0.28, radial: 0.3 },
  { arch: 0.05, tented: 0.025, loop: 0.745, whorl: 0.18, radial: 0.03 },
  { arch: 0.02, tented: 0.01, loop: 0.57, whorl: 0.4, radial: 0.02 },
  { arch: 0.005, tented: 0.01, loop: 0.845, whorl: 0.14, radial: 0.01 },
];

const PERSON_WEIGHT = 0.6;
const PAIR_WEIGHT = 0.55;
const OWN_WEIGHT = Math.sqrt(1 - PERSON_WEIGHT ** 2 - PAIR_WEIGHT ** 2);

export function tenFingerClasses(seed: number, person: number): FingerprintClass[] {
  const random = SeededRandom.fromNumbers(seed, person, 0x4a4e4453);
  const personTerm = random.normal();
  const pairTerms = POSITION_CLASSES.map(() => random.normal());
  const classes: FingerprintClass[] = [];
  for (let position = 1; position <= 10; position++) {
    const index = (position - 1) % 5;
    const rightHand = position <= 5;
    const distribution = POSITION_CLASSES[index]!;
    const score = PERSON_WEIGHT * personTerm + PAIR_WEIGHT * pairTerms[index]! + OWN_WEIGHT * random.normal();
    const u = normalCdf(score);
    let family: "arch" | "tented" | "loop" | "whorl";
    if (u < distribution.arch) family = "arch";
    else if (u < distribution.arch + distribution.tented) family = "tented";
    else if (u < 1 - distribution.whorl) family = "loop";
    else family = "whorl";
    if (family === "arch") classes.push("arch");
    else if (family === "tented") classes.push("tented-arch");
    else if (family === "whorl") classes.push("whorl");
    else {
      const radial = random.next() < distribution.radial;
      const opensRight = rightHand !== radial;
      classes.push(opensRight ? "right-loop" : "left-loop");
    }
  }
  return classes;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf; error < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
