import { describe, expect, it } from "vitest";
import { syntheticImpression, syntheticTemplate } from "../src/evaluation/synthetic-templates.js";
import { FingerprintMatcher, readTemplate, writeTemplate } from "../src/index.js";
import type { FingerprintTemplate } from "../src/minutia.js";

const finger = syntheticTemplate(101);

function rotated(template: FingerprintTemplate, angle: number, dx: number, dy: number): FingerprintTemplate {
  return syntheticImpression(template, 5, { rotation: angle, dx, dy, jitter: 0, dropRate: 0 });
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
    const copy = syntheticImpression(finger, 5, { rotation: 0.5, dx: 30, dy: -20, jitter: 0, dropRate: 0 });
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
    const genuine = matcher.compare(syntheticImpression(finger, 9));
    const impostors = Array.from({ length: 40 }, (_, i) => matcher.compare(syntheticTemplate(1000 + i)));
    expect(genuine).toBeGreaterThan(Math.max(...impostors) * 1.5);
    expect(impostors.reduce((s, x) => s + x, 0) / impostors.length).toBeLessThan(genuine / 3);
  });

  it("matches across large rotations", () => {
    for (const angle of [Math.PI / 2, Math.PI, 5]) {
      expect(matcher.compare(rotated(finger, angle, 0, 0))).toBeGreaterThan(20);
    }
  });

  it("gives the same score through template export and import", () => {
    const direct = matcher.compare(syntheticImpression(finger, 3));
    const viaTenprint = matcher.compare(
      readTemplate(writeTemplate(syntheticImpression(finger, 3), "tenprint")),
    );
    // Quarter-pixel storage may move an edge angle across a 1/256-turn boundary: scores agree to 2 %.
    expect(Math.abs(viaTenprint - direct) / direct).toBeLessThan(0.02);
  });

  it("scores 0 for empty or tiny templates instead of failing", () => {
    expect(matcher.compare({ width: 100, height: 100, minutiae: [], quality: 0 })).toBe(0);
    expect(new FingerprintMatcher({ width: 10, height: 10, minutiae: [], quality: 0 }).compare(finger)).toBe(
      0,
    );
    expect(matcher.explain({ width: 100, height: 100, minutiae: [], quality: 0 }).alignment).toBeNull();
  });
});
