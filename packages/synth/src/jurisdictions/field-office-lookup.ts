import {
  ERO_FIELD_OFFICES,
  type EroFieldOffice,
  SPLIT_STATE_DEFAULT_OFFICE,
} from "./data/ero-field-offices.js";

const BY_ID = new Map(ERO_FIELD_OFFICES.map((office) => [office.id, office]));
const BY_COUNTY = new Map(
  ERO_FIELD_OFFICES.flatMap((office) => (office.counties ?? []).map((fips) => [fips, office])),
);
const BY_STATE = new Map(
  ERO_FIELD_OFFICES.flatMap((office) => office.states.map((state) => [state, office])),
);

/** The ERO field office whose area of responsibility holds the county. */
export function fieldOfficeFor(state: string, countyFips: string): EroFieldOffice {
  const office =
    BY_COUNTY.get(countyFips) ?? BY_STATE.get(state) ?? BY_ID.get(SPLIT_STATE_DEFAULT_OFFICE[state] ?? "");
  if (!office) throw new RangeError(`no ERO field office covers state "${state}"`);
  return office;
}
