import { rmSync } from "node:fs";
import { TenprintGallery } from "@tenprint/afis";
import { type HubDatabaseHandle, openHubDatabase } from "@tenprint/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initialisedDataDir } from "../../hub/test/storage-backends.js";
import { SimulationRepository } from "../src/simulation/simulation-repository.js";
import { synthTemplates } from "../src/simulation/simulation-templates.js";

/** A search started ahead must give what the search at `identify` would, or not be used. */
describe("a simulation repository's searches started ahead", () => {
  const templates = synthTemplates(11, 1);
  const enrolled = (identity: number) => ({ id: `P${identity}`, fingers: templates.fingers(identity, 1) });
  let dataDir: string;
  let handle: HubDatabaseHandle;
  let gallery: TenprintGallery;
  let repository: SimulationRepository;
  const fresh = async (probe: ReturnType<typeof templates.fingers>) =>
    (await gallery.search(probe, { cascade: true })).candidates.map((c) => [c.identity, c.fusedScore]);

  beforeAll(async () => {
    dataDir = await initialisedDataDir();
    handle = await openHubDatabase({ dataDir });
    gallery = new TenprintGallery({ workers: 1 });
    repository = new SimulationRepository(handle.db, "criminal", gallery);
    await repository.enrolPrints(Array.from({ length: 40 }, (_, i) => enrolled(i)));
  }, 120_000);
  afterAll(async () => {
    await gallery?.close();
    await handle?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers with the search started ahead, the same as a search started then", async () => {
    const probe = templates.fingers(7, 2);
    repository.prefetch(probe);
    const early = await repository.identify(probe);
    expect(early.candidates[0]?.identity).toBe("P7");
    expect(early.candidates.map((c) => [c.identity, c.fusedScore])).toEqual(await fresh(probe));
  });

  it("searches again when the gallery changed after the search was started", async () => {
    // The probe's mate is enrolled after the search started: only a new search can find it.
    const probe = templates.fingers(100, 2);
    repository.prefetch(probe);
    await repository.enrol({ identity: "P100" }, templates.fingers(100, 1));
    const result = await repository.identify(probe);
    expect(result.candidates[0]?.identity).toBe("P100");
    expect(result.candidates.map((c) => [c.identity, c.fusedScore])).toEqual(await fresh(probe));
  });

  it("runs searches started together one after another, each with its own answer", async () => {
    const probes = [3, 12, 25].map((identity) => templates.fingers(identity, 2));
    for (const probe of probes) repository.prefetch(probe);
    const results = await Promise.all(probes.map((probe) => repository.identify(probe)));
    expect(results.map((r) => r.candidates[0]?.identity)).toEqual(["P3", "P12", "P25"]);
  });
});
