import { describe, expect, it } from "vitest";
import { generatePopulation, resampleGray, rescaledRenderer, sketchRenderer } from "../src/index.js";

describe("rescaled renderer", () => {
  it("declares the new resolution and scales the size, keeping the print", () => {
    const [person] = generatePopulation({ people: 1, seed: "rescaled", states: ["VA"] }).people;
    const finger = person?.fingers[0];
    if (!finger) throw new Error("no finger");
    const request = { finger, kind: "rolled" as const, impression: 1 };
    const original = sketchRenderer(request);
    const doubled = rescaledRenderer(sketchRenderer, 1000)(request);
    expect(doubled.ppi).toBe(1000);
    expect(doubled.width).toBe(original.width * 2);
    expect(doubled.height).toBe(original.height * 2);
    // Back to 500 ppi, the pixels are within a grey level or two of the original's on average.
    const back = resampleGray(doubled, 500);
    let difference = 0;
    for (let i = 0; i < back.pixels.length; i++)
      difference += Math.abs(back.pixels[i]! - original.pixels[i]!);
    expect(difference / back.pixels.length).toBeLessThan(3);
  });
});
