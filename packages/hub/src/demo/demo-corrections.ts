import { generateCorrections, PROGRAMME_REGIONS, sibOriOf } from "@tenprint/synth";
import type { HubRuntime } from "../services/hub-runtime.js";
import { createHubStorage } from "../storage/hub-storage.js";
import type { DemoWorld } from "./demo-world.js";
import { stateTimeZone } from "./state-time-zones.js";

/**
 * The demo state's department of corrections and its reception facilities as deployment sites (each
 * with its own activation, drawn by synth), and the programme's regions with their coordinators, so the
 * deployment plan, its progress and the PMO map's facility points have something to show. Re-runnable.
 */
export async function seedCorrections(runtime: Pick<HubRuntime, "db">, world: DemoWorld): Promise<void> {
  const directory = createHubStorage(runtime.db).directory;
  const corrections = generateCorrections(world.jurisdictions, { seed: world.seed });
  const sibOri = sibOriOf(world.state);
  const eroByCounty = new Map<string, string | null>();
  for (const county of await directory.listJurisdictions(world.state))
    eroByCounty.set(county.jurisdictionId, county.eroOri ?? null);
  for (const department of corrections.departments)
    await directory.putAgency({ ori: department.ori, kind: "DOC", name: department.name, parentOri: sibOri });
  for (const facility of corrections.facilities) {
    await directory.putAgency({
      ori: facility.ori,
      kind: "LEA",
      name: facility.name,
      parentOri: sibOri,
      jurisdictionId: facility.ori,
      // Synthetic contact details: 555-01xx numbers are reserved for fiction.
      contact: {
        attention: "INTAKE DESK",
        phone: `55501${facility.ori.slice(5, 7)}`,
        timeZone: stateTimeZone(facility.state),
      },
    });
    const { activation, receipt } = facility;
    await directory.putJurisdiction({
      jurisdictionId: facility.ori,
      name: facility.name,
      state: facility.state,
      activationStatus: activation.status,
      activatedAt: activation.activatedAt ? new Date(`${activation.activatedAt}T00:00:00Z`) : null,
      receiptIdr: receipt.idr,
      receiptIar: receipt.iar,
      activation: { jurisdictionId: facility.ori, ...activation, receipt: { ...receipt } },
      eroOri: eroByCounty.get(facility.countyFips) ?? null,
      siteKind: "FACILITY",
      locationFips: facility.countyFips,
    });
  }
  for (const region of PROGRAMME_REGIONS)
    await directory.putRegion({
      id: region.id,
      name: region.name,
      coordinatorOri: region.coordinatorOri,
      states: [...region.states],
    });
}
