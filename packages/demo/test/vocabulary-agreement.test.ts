import {
  chargeSeverity,
  ACTIVATION_STATUSES as HUB_ACTIVATION_STATUSES,
  IMMIGRATION_STATUSES as HUB_IMMIGRATION_STATUSES,
  FBI_CJIS_ORI as HUB_ORI,
} from "@tenprint/hub";
import {
  NCIC_OFFENSES,
  ACTIVATION_STATUSES as SYNTH_ACTIVATION_STATUSES,
  IMMIGRATION_STATUSES as SYNTH_IMMIGRATION_STATUSES,
  FBI_CJIS_ORI as SYNTH_ORI,
} from "@tenprint/synth";
import { describe, expect, it } from "vitest";

// The hub owns its vocabulary and the generator cannot import it (the hub's tests depend on the generator),
// so the demo, where generated data meets the hub, checks that the two agree.
describe("the generator speaks the hub's vocabulary", () => {
  it("draws the hub's activation and immigration statuses", () => {
    expect([...SYNTH_ACTIVATION_STATUSES]).toEqual([...HUB_ACTIVATION_STATUSES]);
    expect([...SYNTH_IMMIGRATION_STATUSES]).toEqual([...HUB_IMMIGRATION_STATUSES]);
  });

  it("addresses the hub by its default ORI", () => {
    expect(SYNTH_ORI).toBe(HUB_ORI);
  });

  it("classes every generated charge as the hub classes its NCIC code", () => {
    const disagreements = NCIC_OFFENSES.filter(
      (offence) => chargeSeverity(offence.ncic) !== offence.severity,
    );
    expect(disagreements).toEqual([]);
    expect(NCIC_OFFENSES.length).toBeGreaterThan(0);
  });
});
