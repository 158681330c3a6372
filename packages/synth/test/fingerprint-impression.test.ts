import { extractTemplate, type Minutia } from "@tenprint/afis";
import { describe, expect, it } from "vitest";
import { impressionMinutiae } from "../src/fingerprint/fingerprint-impression.js";
import { impressionToMaster, masterToImpression } from "../src/fingerprint/impression-geometry.js";
import { masterMinutiae } from "../src/fingerprint/master-fingerprint.js";
import { generateImpression, generateMasterFingerprint } from "../src/index.js";

/** Share of `expected` minutiae with a found one within 15 px and 30° (one-to-one, nearest first). */
function recall(expected: readonly Minutia[], found: readonly Minutia[]): number {
  const candidates: [number, number, number][] = [];
  expected.forEach((e, i) => {
    found.forEach((f, j) => {
      const d = Math.hypot(e.x - f.x, e.y - f.y);
      const a = Math.abs(
        Math.atan2(Math.sin(e.direction - f.direction), Math.cos(e.direction - f.direction)),
      );
      if (d <= 15 && a <= Math.PI / 6) candidates.push([d, i, j]);
    });
  });
  candidates.sort((x, y) => x[0] - y[0]);
  const usedE = new Set<number>();
  const usedF = new Set<number>();
  for (const [, i, j] of candidates) {
    if (usedE.has(i) || usedF.has(j)) continue;
    usedE.add(i);
    usedF.add(j);
  }
  return usedE.size / expected.length;
}

describe("impressions of a master finger", () => {
  const master = generateMasterFingerprint({ seed: 31337, fingerClass: "right-loop" });
  const truth = masterMinutiae(master);

  it("finds a realistic number of ground-truth minutiae on the master", () => {
    expect(truth.length).toBeGreaterThan(35);
    expect(truth.length).toBeLessThan(160);
    expect(truth.some((m) => m.type === "ending")).toBe(true);
    expect(truth.some((m) => m.type === "bifurcation")).toBe(true);
  });

  it("renders plain 500 ppi impressions that move the minutiae but keep most of them for the engine", () => {
    let expectedTotal = 0;
    let recalled = 0;
    for (let k = 1; k <= 3; k++) {
      const impression = generateImpression(master, { impression: k });
      expect(impression.image).toMatchObject({ width: 288, height: 384, ppi: 500 });
      const expected = impressionMinutiae(master, impression, truth);
      expect(expected.length).toBeGreaterThan(15);
      const shift = expected.map((m) => {
        const point = new Float64Array(2);
        masterToImpression(impression.geometry, m.x, m.y, point);
        return Math.hypot(point[0]! - m.x, point[1]! - m.y);
      });
      expect(shift.reduce((s, d) => s + d, 0) / shift.length).toBeGreaterThan(1);
      const found = extractTemplate(impression.image).minutiae;
      expectedTotal += expected.length;
      recalled += recall(expected, found) * expected.length;
    }
    expect(recalled / expectedTotal).toBeGreaterThan(0.6);
  });

  it("distorts non-rigidly and inverts its own distortion", () => {
    const { geometry } = generateImpression(master, { impression: 5 });
    const point = new Float64Array(2);
    const back = new Float64Array(2);
    for (const m of truth.slice(0, 20)) {
      masterToImpression(geometry, m.x, m.y, point);
      impressionToMaster(geometry, point[0]!, point[1]!, back);
      expect(Math.hypot(back[0]! - m.x, back[1]! - m.y)).toBeLessThan(0.05);
    }
    // A rigid motion keeps every distance; the elastic model does not.
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    let change = 0;
    for (let i = 0; i + 1 < truth.length; i++) {
      const p = truth[i]!;
      const q = truth[i + 1]!;
      masterToImpression(geometry, p.x, p.y, a);
      masterToImpression(geometry, q.x, q.y, b);
      change = Math.max(
        change,
        Math.abs(Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!) - Math.hypot(p.x - q.x, p.y - q.y)),
      );
    }
    expect(change).toBeGreaterThan(2);
  });

  it("renders rolled impressions larger than plain ones, with more of the finger", () => {
    const rolled = generateImpression(master, { impression: 1, kind: "rolled" });
    const plain = generateImpression(master, { impression: 1, kind: "plain" });
    expect(rolled.image.width * rolled.image.height).toBeGreaterThan(plain.image.width * plain.image.height);
    expect(impressionMinutiae(master, rolled, truth).length).toBeGreaterThan(
      impressionMinutiae(master, plain, truth).length,
    );
  });
});
