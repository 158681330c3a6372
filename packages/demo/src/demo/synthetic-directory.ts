import type { DirectoryAgency, DirectoryContent, DirectoryJurisdiction } from "@tenprint/hub";
import {
  type AgencyKind,
  generateCorrections,
  generateJurisdictions,
  type JurisdictionSet,
  PROGRAMME_REGIONS,
  sibOriOf,
} from "@tenprint/synth";
import { DEMO_PARAMETERS as P } from "./demo-parameters.js";
import { stateTimeZone } from "./state-time-zones.js";

const HUB_KIND: Readonly<Record<AgencyKind, DirectoryAgency["kind"]>> = {
  LEA: "LEA",
  SIB: "SIB",
  FBI_CJIS: "CJIS",
  IDENT: "IDENT",
  LESC: "LESC",
  ERO_FO: "ERO",
};

/**
 * A synthetic state's counties in the exchange format: its SIB, booking agencies, counties with their
 * activation, ERO area and receipt preferences, the national agencies and the SIB agreement (what the
 * demo and the simulated year seed first).
 */
export function syntheticCountyDirectory(
  jurisdictions: JurisdictionSet,
  options: { state: string },
): DirectoryContent {
  const { state } = options;
  const zone = stateTimeZone(state);
  const sibOri = sibOriOf(state);
  const siteOf = new Map<string, string>();
  for (const county of jurisdictions.jurisdictions)
    for (const ori of county.facilityOris) siteOf.set(ori, county.id);
  const eroByOffice = new Map(
    jurisdictions.agencies.filter((a) => a.kind === "ERO_FO").map((a) => [a.fieldOffice, a.ori]),
  );
  const agencies: DirectoryAgency[] = jurisdictions.agencies.map((agency) => {
    const lea = agency.kind === "LEA";
    return {
      ori: agency.ori,
      kind: HUB_KIND[agency.kind],
      name: agency.name,
      state: agency.state,
      jurisdiction: siteOf.get(agency.ori) ?? null,
      parentOri: lea ? sibOri : null,
      // Synthetic contact details: 555-01xx numbers are reserved for fiction.
      attention: lea ? "BOOKING DESK" : null,
      phone: lea ? `555010${agency.ori.slice(-4, -2)}` : null,
      timeZone: lea ? zone : null,
    };
  });
  const counties: DirectoryJurisdiction[] = jurisdictions.jurisdictions.map((county) => ({
    id: county.id,
    kind: "COUNTY",
    name: county.name,
    state: county.state,
    countyFips: null,
    eroOri: eroByOffice.get(county.fieldOffice) ?? null,
    status: county.activation.status,
    scheduledOn: county.activation.scheduledAt ?? null,
    activatedOn: county.activation.activatedAt ?? null,
    deferredReason: null,
    receiptIdr: county.receipt.idr,
    receiptIar: county.receipt.iar,
  }));
  return {
    agencies,
    jurisdictions: counties,
    agreements: [{ sibOri, state, signedOn: P.agreementSignedOn, terminatedOn: null }],
    regions: [],
  };
}

/**
 * The state's department of corrections and its reception facilities as deployment sites (each with its
 * own activation, drawn by synth, and the ERO office of its county), and the programme's regions.
 */
export function syntheticCorrectionsDirectory(
  jurisdictions: JurisdictionSet,
  options: { seed: string; state: string },
): DirectoryContent {
  const sibOri = sibOriOf(options.state);
  const counties = syntheticCountyDirectory(jurisdictions, options).jurisdictions;
  const eroByCounty = new Map(counties.map((c) => [c.id, c.eroOri]));
  const corrections = generateCorrections(jurisdictions, { seed: options.seed });
  const agencies: DirectoryAgency[] = corrections.departments.map((department) => ({
    ori: department.ori,
    kind: "DOC",
    name: department.name,
    state: department.state,
    jurisdiction: null,
    parentOri: sibOri,
    attention: null,
    phone: null,
    timeZone: null,
  }));
  const facilities: DirectoryJurisdiction[] = corrections.facilities.map((facility) => {
    agencies.push({
      ori: facility.ori,
      kind: "LEA",
      name: facility.name,
      state: facility.state,
      jurisdiction: facility.ori,
      parentOri: sibOri,
      attention: "INTAKE DESK",
      phone: `55501${facility.ori.slice(5, 7)}`,
      timeZone: stateTimeZone(facility.state),
    });
    return {
      id: facility.ori,
      kind: "FACILITY",
      name: facility.name,
      state: facility.state,
      countyFips: facility.countyFips,
      eroOri: eroByCounty.get(facility.countyFips) ?? null,
      status: facility.activation.status,
      scheduledOn: facility.activation.scheduledAt ?? null,
      activatedOn: facility.activation.activatedAt ?? null,
      deferredReason: null,
      receiptIdr: facility.receipt.idr,
      receiptIar: facility.receipt.iar,
    };
  });
  return {
    agencies,
    jurisdictions: facilities,
    agreements: [],
    regions: PROGRAMME_REGIONS.map((region) => ({
      id: region.id,
      name: region.name,
      coordinatorOri: region.coordinatorOri,
      states: [...region.states].sort(),
    })),
  };
}

/**
 * A synthetic state's whole directory in the exchange format: what the demo seeds, and a file to try
 * `tenprint directory import` on (`tenprint synth directory`).
 */
export function syntheticDirectory(
  jurisdictions: JurisdictionSet,
  options: { seed: string; state: string },
): DirectoryContent {
  const counties = syntheticCountyDirectory(jurisdictions, options);
  const corrections = syntheticCorrectionsDirectory(jurisdictions, options);
  return {
    agencies: [...counties.agencies, ...corrections.agencies],
    jurisdictions: [...counties.jurisdictions, ...corrections.jurisdictions],
    agreements: counties.agreements,
    regions: corrections.regions,
  };
}

/** A synthetic state's directory from its seed alone (`tenprint synth directory --state VA`). */
export function syntheticStateDirectory(state: string, seed = "tenprint"): DirectoryContent {
  return syntheticDirectory(generateJurisdictions({ states: [state], seed }), { state, seed });
}
