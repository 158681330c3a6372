import { engineRenderer, tenFingerClasses } from "@tenprint/synth";
import { afterAll, describe, expect, it } from "vitest";
import { extractTemplate, TenprintGallery } from "../src/index.js";

/**
 * Regression for false identifications between unrelated people. Engine-rendered rolled prints carry
 * about 50 minutiae, and their impostor scores reach values FVC2002 impostors almost never do; a
 * calibration fitted on FVC alone turned ten such fingers into a fused FMR near 1e-10, so every
 * unrelated person below looked identified. The hub's rule (FPIR at most 1e-3) must name only mates.
 */
const SEED = 4242;
const ENROLLED = [0, 1, 2, 3];
const MATED_PROBES = [1, 3];
const UNRELATED_PROBES = [10, 11, 12];
const HUB_MAX_FPIR = 1e-3;

const render = engineRenderer(10);
function tenprint(person: number, impression: number) {
  const classes = tenFingerClasses(SEED, person);
  return classes.map((fingerClass, i) => {
    const finger = { position: i + 1, seed: SEED * 1000 + person * 10 + i, fingerClass };
    return { position: i + 1, template: extractTemplate(render({ finger, kind: "rolled", impression })) };
  });
}

describe("tenprint identification on engine-rendered people", () => {
  const gallery = new TenprintGallery({ workers: 0 });
  for (const person of ENROLLED) gallery.enrol(`person-${person}`, tenprint(person, 1));
  afterAll(() => gallery.close());

  it.each(MATED_PROBES)("identifies enrolled person %i from a second rolled impression", async (person) => {
    const result = await gallery.search(tenprint(person, 2));
    const [top, runnerUp] = result.candidates;
    expect(top?.identity).toBe(`person-${person}`);
    expect(top!.fpir).toBeLessThan(1e-9);
    expect(runnerUp?.fpir ?? 1).toBeGreaterThan(HUB_MAX_FPIR);
  });

  it.each(UNRELATED_PROBES)("identifies nobody for unrelated person %i", async (person) => {
    const result = await gallery.search(tenprint(person, 2));
    const named = result.candidates.filter((c) => c.fpir <= HUB_MAX_FPIR).map((c) => c.identity);
    expect(named).toEqual([]);
  });
});
