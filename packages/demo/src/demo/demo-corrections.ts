import type { HubRuntime } from "@tenprint/hub";
import { createHubStorage, writeDirectory } from "@tenprint/hub";
import type { DemoWorld } from "./demo-world.js";
import { syntheticCorrectionsDirectory } from "./synthetic-directory.js";

/**
 * The demo state's department of corrections and its reception facilities as deployment sites (each
 * with its own activation, drawn by synth), and the programme's regions with their coordinators, so the
 * deployment plan, its progress and the PMO map's facility points have something to show. Re-runnable.
 */
export async function seedCorrections(runtime: Pick<HubRuntime, "db">, world: DemoWorld): Promise<void> {
  await writeDirectory(
    createHubStorage(runtime.db).directory,
    syntheticCorrectionsDirectory(world.jurisdictions, { seed: world.seed, state: world.state }),
  );
}
