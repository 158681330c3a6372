import { join } from "node:path";
import { FingerprintMatcher } from "@tenprint/afis";
import { describe, expect, it } from "vitest";
import { agreement, crossScores, loadRendered } from "../bench/template-model-agreement.js";
import {
  decodeChimeraSource,
  encodeChimeraSource,
  packagedChimeraPool,
} from "../src/fingerprint/chimera-sources.js";
import { chimeraPlan, chimericTemplate } from "../src/fingerprint/chimeric-template.js";
import { batchTemplate, generateTemplateBatch } from "../src/fingerprint/template-batch.js";
import { syntheticTemplate } from "../src/index.js";

/**
 * 60 engine-rendered fingers of the validation seed of decisions 0014 and 0023 (0x56414c49, fingers
 * 240–299): neither the chimeras' sources (seed 0x53524345) nor the tuning set.
 */
const rendered = loadRendered(join(import.meta.dirname, "fixtures/rendered-fingers.jsonl"));
const pool = packagedChimeraPool();

describe("chimeric distractors (decision 0023)", () => {
  it("packs a source finger without losing more than rounding", () => {
    const source = pool.sources[0]!;
    const back = decodeChimeraSource(encodeChimeraSource(source));
    expect(back.fingerClass).toBe(source.fingerClass);
    expect(back.rolled.anchorX).toBeCloseTo(source.rolled.anchorX, 1);
    expect(back.plain.rotation).toBeCloseTo(source.plain.rotation, 3);
    expect(back.plain.template.minutiae).toHaveLength(source.plain.template.minutiae.length);
    back.rolled.template.minutiae.forEach((m, i) => {
      const o = source.rolled.template.minutiae[i]!;
      expect(Math.abs(m.x - o.x)).toBeLessThan(0.051);
      expect(Math.abs(m.direction - o.direction)).toBeLessThan(1e-4);
      expect([m.type, m.quality]).toEqual([o.type, o.quality]);
    });
  });

  it("takes each region from a different source of the finger's class", () => {
    const plan = chimeraPlan(pool, { seed: 7, identity: 3, finger: 2, regions: 3 });
    expect(new Set(plan.chosen).size).toBe(3);
    const classes = plan.chosen.map((i) => pool.sources[i]!.fingerClass);
    expect(new Set(classes).size).toBe(1);
  });

  // 30 × 30 pairs share their probes and templates, so a KS p-value would overstate the evidence; the
  // statistic is compared. The 11,000-pair validation run is in decision 0023.
  it("scores against rendered probes as other rendered people do (900 pairs each)", () => {
    const probes = rendered.slice(0, 30).map((f) => f.rolled);
    const renderedScores = crossScores(
      probes,
      rendered.slice(30).map((f) => f.rolled),
    );
    const chimeras = Array.from({ length: 30 }, (_, i) =>
      syntheticTemplate({
        seed: 11,
        identity: i,
        finger: (i % 10) + 1,
        impression: 1,
        kind: "rolled",
        model: "chimeric",
      }),
    );
    expect(agreement(renderedScores, crossScores(probes, chimeras)).ks.statistic).toBeLessThan(0.12);
  });

  it("keeps a chimera's rolled and plain templates and later impressions mates of each other", () => {
    for (let identity = 0; identity < 5; identity++) {
      const of = (kind: "rolled" | "plain", impression: number) =>
        chimericTemplate(pool, { seed: 5, identity, finger: identity + 1, kind, impression });
      const matcher = new FingerprintMatcher(of("rolled", 1));
      const other = chimericTemplate(pool, {
        seed: 5,
        identity: identity + 100,
        finger: identity + 1,
        kind: "rolled",
      });
      const impostor = matcher.compare(other);
      expect(matcher.compare(of("plain", 1))).toBeGreaterThan(impostor);
      expect(matcher.compare(of("rolled", 2))).toBeGreaterThan(2 * impostor);
    }
  });

  it("gives batches the same templates as one at a time", () => {
    const batch = generateTemplateBatch({
      seed: 9,
      firstIdentity: 40,
      identities: 2,
      fingersPerIdentity: 10,
      impression: 1,
      kind: "rolled",
      model: "chimeric",
    });
    const single = syntheticTemplate({
      seed: 9,
      identity: 41,
      finger: 4,
      impression: 1,
      kind: "rolled",
      model: "chimeric",
    });
    const fromBatch = batchTemplate(batch, 13);
    expect(fromBatch.minutiae).toHaveLength(single.minutiae.length);
    expect(fromBatch.minutiae[0]!.x).toBeCloseTo(single.minutiae[0]!.x, 3);
  });
});
