import { syntheticTemplate } from "@tenprint/synth";
import { describe, expect, it } from "vitest";
import { FingerprintMatcher, readTemplate, writeTemplate } from "../src/index.js";
import {
  buildStoredEdges,
  createPreparedTemplate,
  prepareTemplate,
  writeNeighborRadii,
} from "../src/matcher/prepared-template.js";
import type { FingerprintTemplate } from "../src/minutia.js";

/** Impression `impression` of synthetic finger `identity` (impressions of one identity are mates). */
const impressionOf = (identity: number, impression: number) =>
  syntheticTemplate({ seed: 1, identity, impression });

const finger = impressionOf(101, 1);

/** The same minutiae rotated by `angle` about the centre (counter-clockwise on screen) and shifted. */
function rotated(template: FingerprintTemplate, angle: number, dx: number, dy: number): FingerprintTemplate {
  const cx = template.width / 2;
  const cy = template.height / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const turn = 2 * Math.PI;
  return {
    ...template,
    minutiae: template.minutiae.map((m) => ({
      ...m,
      x: cx + (m.x - cx) * cos + (m.y - cy) * sin + dx,
      y: cy - (m.x - cx) * sin + (m.y - cy) * cos + dy,
      direction: (((m.direction + angle) % turn) + turn) % turn,
    })),
  };
}

describe("1:1 matcher", () => {
  const matcher = new FingerprintMatcher(finger);

  it("scores a template against itself high and pairs every minutia", () => {
    const explanation = matcher.explain(finger);
    expect(explanation.score).toBeGreaterThan(20);
    expect(explanation.pairs.length).toBeGreaterThanOrEqual(finger.minutiae.length - 2);
    for (const pair of explanation.pairs) expect(pair.candidate).toBe(pair.probe);
    expect(explanation.alignment!.rotation % (2 * Math.PI)).toBeCloseTo(0, 2);
  });

  it("matches a rotated, translated copy and recovers the motion", () => {
    const copy = rotated(finger, 0.5, 30, -20);
    const explanation = matcher.explain(copy);
    expect(explanation.score).toBeGreaterThan(20);
    const alignment = explanation.alignment!;
    expect(alignment.rotation).toBeCloseTo(2 * Math.PI - 0.5, 1);
    // Carrying each paired candidate minutia with the alignment lands on its probe partner.
    const cos = Math.cos(alignment.rotation);
    const sin = Math.sin(alignment.rotation);
    for (const pair of explanation.pairs) {
      const c = copy.minutiae[pair.candidate]!;
      const p = finger.minutiae[pair.probe]!;
      expect(
        Math.hypot(c.x * cos + c.y * sin + alignment.dx - p.x, -c.x * sin + c.y * cos + alignment.dy - p.y),
      ).toBeLessThan(2);
    }
  });

  it("matches a distorted second impression far above unrelated fingers", () => {
    const genuine = matcher.compare(impressionOf(101, 2));
    const impostors = Array.from({ length: 40 }, (_, i) => matcher.compare(impressionOf(1000 + i, 2)));
    expect(genuine).toBeGreaterThan(Math.max(...impostors) * 1.5);
    expect(impostors.reduce((s, x) => s + x, 0) / impostors.length).toBeLessThan(genuine / 3);
  });

  it("matches across large rotations", () => {
    for (const angle of [Math.PI / 2, Math.PI, 5]) {
      expect(matcher.compare(rotated(finger, angle, 0, 0))).toBeGreaterThan(20);
    }
  });

  it("gives the same score through template export and import", () => {
    const direct = matcher.compare(impressionOf(101, 3));
    const viaTenprint = matcher.compare(readTemplate(writeTemplate(impressionOf(101, 3), "tenprint")));
    // Quarter-pixel storage may move an edge angle across a 1/256-turn boundary: scores agree to 2 %.
    expect(Math.abs(viaTenprint - direct) / direct).toBeLessThan(0.02);
  });

  it("rebuilds a stored template's edges from its neighbour radii", () => {
    let edges = 0;
    let angleSteps = 0;
    for (let seed = 0; seed < 40; seed++) {
      // The gallery's stored form: whole pixels, whole 1/256 turns.
      const template = impressionOf(500 + seed, 1);
      const units = Uint8Array.from(
        template.minutiae,
        (m) => Math.round((m.direction / (2 * Math.PI)) * 256) & 255,
      );
      const expected = prepareTemplate({
        ...template,
        minutiae: template.minutiae.map((m, i) => ({
          ...m,
          x: Math.round(m.x),
          y: Math.round(m.y),
          direction: (units[i]! / 256) * 2 * Math.PI,
        })),
      });
      const radii = new Uint8Array(expected.count);
      writeNeighborRadii(expected, radii, 0);
      const stored = createPreparedTemplate();
      stored.count = expected.count;
      buildStoredEdges(
        stored,
        {
          x: Int16Array.from(expected.x.subarray(0, expected.count)),
          y: Int16Array.from(expected.y.subarray(0, expected.count)),
          direction: units,
          neighborRadius: radii,
        },
        0,
      );
      const count = expected.edgeStart[expected.count]!;
      expect(stored.edgeStart.subarray(0, expected.count + 1)).toEqual(
        expected.edgeStart.subarray(0, expected.count + 1),
      );
      expect(stored.edgeTarget.subarray(0, count)).toEqual(expected.edgeTarget.subarray(0, count));
      expect(stored.edgeLength.subarray(0, count)).toEqual(expected.edgeLength.subarray(0, count));
      for (let e = 0; e < count; e++) {
        for (const [a, b] of [
          [stored.edgeFromAngle[e]!, expected.edgeFromAngle[e]!],
          [stored.edgeToAngle[e]!, expected.edgeToAngle[e]!],
        ]) {
          const step = Math.min((a! - b! + 256) % 256, (b! - a! + 256) % 256);
          expect(step).toBeLessThanOrEqual(1);
          angleSteps += step;
        }
      }
      edges += count;
    }
    // Whole-unit differences of angles only disagree next to rounding boundaries.
    expect(angleSteps / edges).toBeLessThan(1e-3);
  });

  it("scores a candidate the same whatever the matcher compared before", () => {
    // A search splits candidates over threads in different orders: a score must not depend on them.
    const probe = syntheticTemplate({ seed: 11, identity: 0, impression: 2 });
    const candidates = Array.from({ length: 120 }, (_, i) =>
      syntheticTemplate({ seed: 11, identity: i % 40, impression: 1 + Math.floor(i / 40) }),
    );
    const alone = candidates.map((c) => new FingerprintMatcher(probe).compare(c));
    const forwards = new FingerprintMatcher(probe);
    const backwards = new FingerprintMatcher(probe);
    expect(candidates.map((c) => forwards.compare(c))).toEqual(alone);
    expect(
      candidates.map((_, i) => backwards.compare(candidates[candidates.length - 1 - i]!)).reverse(),
    ).toEqual(alone);
  });

  it("scores 0 for empty or tiny templates instead of failing", () => {
    expect(matcher.compare({ width: 100, height: 100, minutiae: [], quality: 0 })).toBe(0);
    expect(new FingerprintMatcher({ width: 10, height: 10, minutiae: [], quality: 0 }).compare(finger)).toBe(
      0,
    );
    expect(matcher.explain({ width: 100, height: 100, minutiae: [], quality: 0 }).alignment).toBeNull();
  });
});
