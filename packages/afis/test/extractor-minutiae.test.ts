import { describe, expect, it } from "vitest";
import { extractTemplate, type Minutia } from "../src/index.js";
import { patternWithMinutia } from "./support/synthetic-prints.js";

function nearest(minutiae: readonly Minutia[], x: number, y: number): { minutia: Minutia; distance: number } {
  let best = minutiae[0]!;
  for (const m of minutiae) if (Math.hypot(m.x - x, m.y - y) < Math.hypot(best.x - x, best.y - y)) best = m;
  return { minutia: best, distance: Math.hypot(best.x - x, best.y - y) };
}

function angleError(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return Math.min(d, 2 * Math.PI - d);
}

describe("minutiae on synthetic ridges", () => {
  it("finds a ridge ending where a ridge stops, pointing back along the ridge", () => {
    const template = extractTemplate(patternWithMinutia("ending", 220, 220, 10, 110, 110));
    expect(template.minutiae.length).toBeGreaterThanOrEqual(1);
    expect(template.minutiae.length).toBeLessThanOrEqual(2);
    const { minutia, distance } = nearest(template.minutiae, 110, 110);
    expect(distance).toBeLessThan(6);
    expect(minutia.type).toBe("ending");
    // The ridge lies to the left of its end: ISO angle π.
    expect(angleError(minutia.direction, Math.PI)).toBeLessThan((15 * Math.PI) / 180);
    expect(minutia.quality).toBeGreaterThan(40);
  });

  it("finds a bifurcation where a ridge forks, pointing between its branches", () => {
    const template = extractTemplate(patternWithMinutia("bifurcation", 220, 220, 10, 110, 110));
    expect(template.minutiae.length).toBeGreaterThanOrEqual(1);
    expect(template.minutiae.length).toBeLessThanOrEqual(2);
    const { minutia, distance } = nearest(template.minutiae, 110, 110);
    expect(distance).toBeLessThan(8);
    expect(minutia.type).toBe("bifurcation");
    expect(angleError(minutia.direction, Math.PI)).toBeLessThan((15 * Math.PI) / 180);
  });

  it("reports minutiae in the 500 ppi frame for other resolutions", () => {
    const image = patternWithMinutia("ending", 250, 250, 11.4, 125, 125);
    const template = extractTemplate({ ...image, ppi: 569 });
    expect(template.width).toBe(Math.round((250 * 500) / 569));
    const { distance } = nearest(template.minutiae, (125 * 500) / 569, (125 * 500) / 569);
    expect(distance).toBeLessThan(6);
  });

  it("keeps at most maxMinutiae, the most reliable", () => {
    const image = patternWithMinutia("ending", 220, 220, 10, 110, 110);
    expect(extractTemplate(image, { maxMinutiae: 0 }).minutiae).toEqual([]);
    const one = extractTemplate(image, { maxMinutiae: 1 }).minutiae;
    const all = extractTemplate(image).minutiae;
    expect(one).toHaveLength(Math.min(1, all.length));
    expect(one[0]!.quality).toBe(Math.max(...all.map((m) => m.quality)));
  });
});
