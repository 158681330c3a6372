import { FingerprintMatcher } from "@tenprint/afis";
import { describe, expect, it } from "vitest";
import { drawFingerShape } from "../src/fingerprint/finger-shape.js";
import { FINGERPRINT_CLASSES } from "../src/fingerprint/fingerprint-class.js";
import { FINGERPRINT_PARAMETERS as P } from "../src/fingerprint/fingerprint-parameters.js";
import { fieldOrientation, orientationField } from "../src/fingerprint/orientation-field.js";
import { drawOrientationModel, ridgeOrientation } from "../src/fingerprint/orientation-model.js";
import { placeSingularPoints } from "../src/fingerprint/singular-points.js";
import { syntheticTemplate, syntheticTemplates } from "../src/index.js";
import { SeededRandom } from "../src/seeded-random.js";

describe("template-level generator", () => {
  it("gives plain impressions 30–60 minutiae on average, inside the image", () => {
    const counts: number[] = [];
    let outside = 0;
    for (const template of syntheticTemplates({ seed: 4, count: 2000, impression: 1 })) {
      counts.push(template.minutiae.length);
      for (const m of template.minutiae) {
        const inside = m.x >= 0 && m.y >= 0 && m.x < template.width && m.y < template.height;
        if (!inside || !(m.direction >= 0 && m.direction < 2 * Math.PI)) outside++;
      }
    }
    expect(outside).toBe(0);
    counts.sort((a, b) => a - b);
    const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
    expect(mean).toBeGreaterThan(30);
    expect(mean).toBeLessThan(60);
    expect(counts[Math.floor(counts.length * 0.05)]).toBeGreaterThan(10);
    expect(counts[Math.floor(counts.length * 0.95)]).toBeLessThan(90);
  });

  it("spaces master minutiae and mixes endings with bifurcations", () => {
    let total = 0;
    for (let identity = 0; identity < 100; identity++) {
      total += syntheticTemplate({ seed: 4, identity, impression: 0 }).minutiae.length;
    }
    expect(total / 100).toBeGreaterThan(P.templateMasterMinutiae[0]);
    expect(total / 100).toBeLessThan(P.templateMasterMinutiae[1]);
    const m = syntheticTemplate({ seed: 4, identity: 12, impression: 0 }).minutiae;
    for (let i = 0; i < m.length; i++) {
      for (let j = i + 1; j < m.length; j++) {
        expect(Math.hypot(m[i]!.x - m[j]!.x, m[i]!.y - m[j]!.y)).toBeGreaterThanOrEqual(P.templateMinSpacing);
      }
    }
    const endings = m.filter((x) => x.type === "ending").length / m.length;
    expect(endings).toBeGreaterThan(0.3);
    expect(endings).toBeLessThan(0.8);
  });

  it("makes two impressions of one identity match and two identities not (scored by @tenprint/afis)", () => {
    const genuine: number[] = [];
    const impostor: number[] = [];
    for (let identity = 0; identity < 40; identity++) {
      const matcher = new FingerprintMatcher(syntheticTemplate({ seed: 8, identity, impression: 1 }));
      genuine.push(matcher.compare(syntheticTemplate({ seed: 8, identity, impression: 2 })));
      impostor.push(
        matcher.compare(syntheticTemplate({ seed: 8, identity: identity + 1000, impression: 2 })),
      );
    }
    const maxImpostor = Math.max(...impostor);
    expect(genuine.filter((g) => g > maxImpostor).length).toBeGreaterThan(30);
  });

  it("regenerates any identity on its own, and per finger position", () => {
    const list = [...syntheticTemplates({ seed: 6, count: 5, impression: 3, firstIdentity: 100 })];
    expect(syntheticTemplate({ seed: 6, identity: 103, impression: 3 })).toEqual(list[3]);
    const thumb = syntheticTemplate({ seed: 6, identity: 5, finger: 1, impression: 1 });
    const index = syntheticTemplate({ seed: 6, identity: 5, finger: 2, impression: 1 });
    expect(thumb).not.toEqual(index);
  });
});

describe("template-level orientation field", () => {
  it("reads the same ridge orientation as the image generator's model, for every class", () => {
    let worst = 0;
    for (const fingerClass of FINGERPRINT_CLASSES) {
      for (let k = 0; k < 20; k++) {
        const random = SeededRandom.fromNumbers(k, 31);
        const shape = drawFingerShape(random);
        const model = drawOrientationModel(
          fingerClass,
          shape,
          placeSingularPoints(fingerClass, shape, random),
          random,
        );
        const field = orientationField(model);
        for (let i = 0; i < 500; i++) {
          const x = random.next() * P.masterWidth;
          const y = random.next() * P.masterHeight;
          const d = Math.abs(fieldOrientation(field, x, y) - ridgeOrientation(model, x, y));
          worst = Math.max(worst, Math.min(d, Math.PI - d));
        }
      }
    }
    expect(worst).toBeLessThan(1e-4);
  });
});
