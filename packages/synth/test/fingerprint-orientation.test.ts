import { describe, expect, it } from "vitest";
import { drawFingerShape, insideShape } from "../src/fingerprint/finger-shape.js";
import { drawFingerprintClass } from "../src/fingerprint/fingerprint-class.js";
import { FINGERPRINT_PARAMETERS as P } from "../src/fingerprint/fingerprint-parameters.js";
import { drawOrientationModel, ridgeOrientation } from "../src/fingerprint/orientation-model.js";
import { detectSingularPoints } from "../src/fingerprint/singular-point-detection.js";
import { placeSingularPoints } from "../src/fingerprint/singular-points.js";
import {
  CLASS_FREQUENCIES,
  FINGERPRINT_CLASSES,
  type FingerprintClass,
  generateMasterFingerprint,
  tenFingerClasses,
} from "../src/index.js";
import { SeededRandom } from "../src/seeded-random.js";

function modelFor(fingerClass: FingerprintClass, seed: number) {
  const random = SeededRandom.fromNumbers(seed, 17);
  const shape = drawFingerShape(random);
  const singular = placeSingularPoints(fingerClass, shape, random);
  return { shape, singular, model: drawOrientationModel(fingerClass, shape, singular, random) };
}

const EXPECTED: Record<FingerprintClass, [number, number]> = {
  arch: [0, 0],
  "tented-arch": [1, 1],
  "left-loop": [1, 1],
  "right-loop": [1, 1],
  whorl: [2, 2],
};

describe("orientation model", () => {
  for (const fingerClass of FINGERPRINT_CLASSES) {
    it(`has the Poincaré singular points of a ${fingerClass} where they were placed`, () => {
      for (let seed = 0; seed < 12; seed++) {
        const { shape, singular, model } = modelFor(fingerClass, seed);
        const found = detectSingularPoints(
          (x, y) => ridgeOrientation(model, x, y),
          (x, y) => insideShape(shape, x, y, 8),
          P.masterWidth,
          P.masterHeight,
          6,
        );
        expect([found.cores.length, found.deltas.length]).toEqual(EXPECTED[fingerClass]);
        for (const placed of [...singular.cores, ...singular.deltas]) {
          const near = [...found.cores, ...found.deltas].some(
            (p) => Math.hypot(p.x - placed.x, p.y - placed.y) < 12,
          );
          expect(near).toBe(true);
        }
      }
    });
  }

  it("puts a left loop's delta to the right of its core, and a right loop's to the left", () => {
    for (let seed = 0; seed < 10; seed++) {
      const left = modelFor("left-loop", seed).singular;
      const right = modelFor("right-loop", seed).singular;
      expect(left.deltas[0]!.x).toBeGreaterThan(left.cores[0]!.x);
      expect(right.deltas[0]!.x).toBeLessThan(right.cores[0]!.x);
    }
  });
});

describe("grown ridge pattern", () => {
  it("follows the orientation model (block orientations from the ridge field's gradients)", () => {
    for (const fingerClass of ["left-loop", "whorl"] as const) {
      const master = generateMasterFingerprint({ seed: 77, fingerClass });
      const { width, height, scale, values } = master.ridges;
      const block = 8;
      const errors: number[] = [];
      for (let by = 1; by + 1 < height / block; by++) {
        for (let bx = 1; bx + 1 < width / block; bx++) {
          const cx = (bx + 0.5) * block * scale;
          const cy = (by + 0.5) * block * scale;
          if (!insideShape(master.shape, cx, cy, 40)) continue;
          if (
            [...master.singularPoints.cores, ...master.singularPoints.deltas].some(
              (p) => Math.hypot(p.x - cx, p.y - cy) < 40,
            )
          )
            continue;
          let xx = 0;
          let yy = 0;
          let xy = 0;
          for (let y = by * block; y < (by + 1) * block; y++) {
            for (let x = bx * block; x < (bx + 1) * block; x++) {
              const gx = values[y * width + x + 1]! - values[y * width + x - 1]!;
              const gy = values[(y + 1) * width + x]! - values[(y - 1) * width + x]!;
              xx += gx * gx;
              yy += gy * gy;
              xy += gx * gy;
            }
          }
          const ridge = 0.5 * Math.atan2(2 * xy, xx - yy) + Math.PI / 2;
          const d = ridge - ridgeOrientation(master.orientation, cx, cy);
          errors.push(Math.abs(0.5 * Math.atan2(Math.sin(2 * d), Math.cos(2 * d))));
        }
      }
      errors.sort((a, b) => a - b);
      expect(errors.length).toBeGreaterThan(100);
      expect(errors[Math.floor(errors.length / 2)]!).toBeLessThan((8 / 180) * Math.PI);
      expect(errors[Math.floor(errors.length * 0.9)]!).toBeLessThan((20 / 180) * Math.PI);
    }
  });
});

describe("class frequencies", () => {
  it("draws classes at the natural frequencies", () => {
    const random = SeededRandom.fromNumbers(3);
    const counts = new Map<FingerprintClass, number>();
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      const c = drawFingerprintClass(random);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    for (const c of FINGERPRINT_CLASSES)
      expect((counts.get(c) ?? 0) / n).toBeCloseTo(CLASS_FREQUENCIES[c], 2);
  });

  it("gives a person's ten fingers correlated classes with the natural marginals", () => {
    const people = 20_000;
    const hands = Array.from({ length: people }, (_, person) => tenFingerClasses(11, person));
    const share = (c: FingerprintClass, positions: number[]) =>
      hands.reduce((s, h) => s + positions.filter((p) => h[p - 1] === c).length, 0) /
      (people * positions.length);
    const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(share("arch", all)).toBeCloseTo(CLASS_FREQUENCIES.arch, 2);
    expect(share("tented-arch", all)).toBeCloseTo(CLASS_FREQUENCIES["tented-arch"], 2);
    expect(share("whorl", all)).toBeGreaterThan(0.26);
    expect(share("whorl", all)).toBeLessThan(0.3);
    expect(share("left-loop", all) + share("right-loop", all)).toBeGreaterThan(0.63);
    expect(share("whorl", [1, 6])).toBeGreaterThan(share("whorl", [5, 10]) + 0.15);
    expect(share("arch", [2, 7])).toBeGreaterThan(share("arch", [4, 5, 9, 10]) + 0.03);
    // Right-hand ulnar loops open to the image's right, left-hand ones to its left.
    expect(share("right-loop", [5])).toBeGreaterThan(0.75);
    expect(share("left-loop", [10])).toBeGreaterThan(0.75);

    const family = (c: FingerprintClass) => (c.endsWith("loop") ? "loop" : c === "tented-arch" ? "arch" : c);
    let sameHomologous = 0;
    let sameStrangers = 0;
    for (let i = 0; i < people; i++) {
      if (family(hands[i]![1]!) === family(hands[i]![6]!)) sameHomologous++;
      if (family(hands[i]![1]!) === family(hands[(i + 1) % people]![6]!)) sameStrangers++;
    }
    expect(sameHomologous / people).toBeGreaterThan(sameStrangers / people + 0.1);
  });
});
