import { ACTIVATION_STATUSES } from "../domain/jurisdiction-activation.js";
import type { DirectoryProblem, DirectoryRow, DirectoryTable } from "./directory-format.js";
import {
  AGENCY_KINDS,
  type DirectoryAgency,
  type DirectoryAgreement,
  type DirectoryContent,
  type DirectoryJurisdiction,
  type DirectoryRecord,
  type DirectoryRegion,
  recordKey,
  SITE_KINDS,
} from "./directory-records.js";
import { isStateCode, STATE_FIPS } from "./us-states.js";

/** What the database already holds, for the references a file makes to records it does not carry. */
export interface KnownDirectory {
  readonly agencies: ReadonlyMap<
    string,
    { readonly kind: string; readonly state: string | null; readonly parentOri: string | null }
  >;
  readonly jurisdictions: ReadonlyMap<string, { readonly state: string }>;
}

export interface ValidatedDirectory {
  readonly content: DirectoryContent;
  readonly problems: readonly DirectoryProblem[];
}

const ORI = /^[A-Z]{2}[A-Z0-9]{7}$/;
const FIPS = /^\d{5}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const REGION_ID = /^[A-Za-z0-9_-]{1,20}$/;
/** Nlets IAQ ATN/PHN limits: the contact is quoted into the IAQ as it is. */
const LIMITS = { name: 200, attention: 30, phone: 20, deferredReason: 1000 } as const;

function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return day.toISOString().slice(0, 10) === value;
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const TRUE = new Set(["true", "yes", "y", "1"]);
const FALSE = new Set(["false", "no", "n", "0"]);

/** Reads one row's cells, collecting every problem rather than stopping at the first. */
class RowReader {
  constructor(
    private readonly row: DirectoryRow,
    private readonly problems: DirectoryProblem[],
  ) {}

  fail(column: string | null, reason: string, value: string | null = column ? this.raw(column) : null): void {
    const { file, table, row } = this.row;
    this.problems.push({ file, table, row, column, value, reason });
  }

  raw(column: string): string {
    return this.row.values[column] ?? "";
  }

  /** The cell, or null when it is empty; a required empty cell is a problem. */
  text(column: string, options: { required?: boolean; max?: number } = {}): string | null {
    const value = this.raw(column);
    if (value === "") {
      if (options.required) this.fail(column, "required", value);
      return null;
    }
    if (options.max !== undefined && value.length > options.max)
      this.fail(column, `longer than ${options.max} characters`);
    return value;
  }

  upper(column: string, required = false): string | null {
    return this.text(column, { required })?.toUpperCase() ?? null;
  }

  oneOf<T extends string>(column: string, values: readonly T[], fallback?: T): T | null {
    const value = this.upper(column, fallback === undefined);
    if (value === null) return fallback ?? null;
    if (!(values as readonly string[]).includes(value)) {
      this.fail(column, `must be one of ${values.join(", ")}`);
      return null;
    }
    return value as T;
  }

  ori(column: string, required = false): string | null {
    const value = this.upper(column, required);
    if (value !== null && !ORI.test(value))
      this.fail(column, "an ORI is nine characters: two letters (the state), then seven letters or digits");
    return value;
  }

  state(column: string): string | null {
    const value = this.upper(column, true);
    if (value !== null && !isStateCode(value))
      this.fail(column, "not a USPS state, DC or territory code (e.g. VA)");
    return value;
  }

  day(column: string, required = false): string | null {
    const value = this.text(column, { required });
    if (value !== null && !isDay(value)) this.fail(column, "not a calendar day YYYY-MM-DD");
    return value;
  }

  flag(column: string): boolean {
    const value = this.raw(column).toLowerCase();
    if (value === "" || TRUE.has(value)) return true;
    if (FALSE.has(value)) return false;
    this.fail(column, "must be true or false (yes/no, y/n, 1/0 are read too); empty means true");
    return true;
  }
}

interface Located<T> {
  readonly record: T;
  readonly reader: RowReader;
}

function readAgency(r: RowReader): DirectoryAgency | null {
  const ori = r.ori("ori", true);
  const kind = r.oneOf("kind", AGENCY_KINDS);
  const name = r.text("name", { required: true, max: LIMITS.name });
  const state = r.state("state");
  const jurisdiction = r.upper("jurisdiction");
  const parentOri = r.ori("parent_ori");
  const attention = r.text("attention", { max: LIMITS.attention });
  const phone = r.text("phone", { max: LIMITS.phone });
  const timeZone = r.text("time_zone");
  if (timeZone !== null && !isTimeZone(timeZone))
    r.fail("time_zone", "not an IANA time zone (e.g. America/New_York)");
  if (ori !== null && parentOri === ori) r.fail("parent_ori", "an agency cannot be its own parent");
  if (!ori || !kind || !name || !state) return null;
  return { ori, kind, name, state, jurisdiction, parentOri, attention, phone, timeZone };
}

function readJurisdiction(r: RowReader): DirectoryJurisdiction | null {
  const kind = r.oneOf("kind", SITE_KINDS);
  const id = r.upper("id", true);
  const name = r.text("name", { required: true, max: LIMITS.name });
  const state = r.state("state");
  const county = r.text("county_fips");
  const eroOri = r.ori("ero_ori");
  const status = r.oneOf("status", ACTIVATION_STATUSES, "PLANNED");
  const scheduledOn = r.day("scheduled_on");
  const activatedOn = r.day("activated_on");
  const deferredReason = r.text("deferred_reason", { max: LIMITS.deferredReason });
  const receiptIdr = r.flag("receipt_idr");
  const receiptIar = r.flag("receipt_iar");
  if (id !== null && kind === "COUNTY" && !FIPS.test(id))
    r.fail("id", "a county's id is its five-digit FIPS code");
  if (id !== null && kind === "FACILITY" && !ORI.test(id))
    r.fail("id", "a facility's id is its nine-character ORI");
  if (kind === "COUNTY" && county !== null && county !== id)
    r.fail("county_fips", "a county's county_fips is its id, or empty");
  if (kind === "FACILITY" && county === null)
    r.fail("county_fips", "a facility needs the FIPS code of the county it sits in", "");
  if (county !== null && !FIPS.test(county)) r.fail("county_fips", "a county FIPS code is five digits");
  const fips = kind === "COUNTY" ? id : county;
  if (
    fips !== null &&
    FIPS.test(fips) &&
    state !== null &&
    isStateCode(state) &&
    fips.slice(0, 2) !== STATE_FIPS[state]
  )
    r.fail(
      kind === "COUNTY" ? "id" : "county_fips",
      `county ${fips} is not in ${state} (its FIPS state code is ${STATE_FIPS[state]})`,
      fips,
    );
  if (status === "SCHEDULED" && scheduledOn === null)
    r.fail("scheduled_on", "a SCHEDULED site needs its date", "");
  if (status === "ACTIVATED" && activatedOn === null)
    r.fail("activated_on", "an ACTIVATED site needs its activation date", "");
  if (status !== "ACTIVATED" && activatedOn !== null)
    r.fail("activated_on", `a ${status} site has no activation date`);
  if (status !== "DEFERRED" && deferredReason !== null)
    r.fail("deferred_reason", `a ${status} site has no deferral reason`);
  if (!id || !kind || !name || !state || !status) return null;
  return {
    id,
    kind,
    name,
    state,
    countyFips: kind === "FACILITY" ? county : null,
    eroOri,
    status,
    scheduledOn,
    activatedOn,
    deferredReason,
    receiptIdr,
    receiptIar,
  };
}

function readAgreement(r: RowReader): DirectoryAgreement | null {
  const sibOri = r.ori("sib_ori", true);
  const state = r.state("state");
  const signedOn = r.day("signed_on", true);
  const terminatedOn = r.day("terminated_on");
  if (signedOn && terminatedOn && isDay(signedOn) && isDay(terminatedOn) && terminatedOn < signedOn)
    r.fail("terminated_on", `terminated before it was signed (${signedOn})`);
  if (!sibOri || !state || !signedOn) return null;
  return { sibOri, state, signedOn, terminatedOn };
}

function readRegion(r: RowReader): DirectoryRegion | null {
  const id = r.text("id", { required: true });
  if (id !== null && !REGION_ID.test(id)) r.fail("id", "1 to 20 letters, digits, - or _");
  const name = r.text("name", { required: true, max: 100 });
  const coordinatorOri = r.ori("coordinator_ori");
  const listed = r.upper("states", true);
  const states = listed === null ? [] : [...new Set(listed.split(/[\s;,]+/).filter(Boolean))].sort();
  for (const state of states)
    if (!isStateCode(state)) r.fail("states", `${state} is not a USPS state, DC or territory code`, state);
  if (!id || !name || listed === null) return null;
  return { id, name, coordinatorOri, states };
}

const READERS = {
  agencies: readAgency,
  jurisdictions: readJurisdiction,
  agreements: readAgreement,
  regions: readRegion,
} as const;

/** Reads each table's rows, then checks duplicates and every reference against the file and the database. */
function readTable<T extends DirectoryTable>(
  table: T,
  rows: readonly DirectoryRow[],
  problems: DirectoryProblem[],
): Located<DirectoryRecord<T>>[] {
  const read: Located<DirectoryRecord<T>>[] = [];
  const seen = new Map<string, DirectoryRow>();
  for (const row of rows.filter((r) => r.table === table)) {
    const reader = new RowReader(row, problems);
    const record = (READERS[table] as (r: RowReader) => DirectoryRecord<T> | null)(reader);
    if (!record) continue;
    const key = recordKey(table, record);
    const first = seen.get(key);
    if (first) {
      const column = { agencies: "ori", jurisdictions: "id", agreements: "sib_ori", regions: "id" }[table];
      reader.fail(column, `a second row for ${key} (the first is ${first.file} row ${first.row})`, key);
      continue;
    }
    seen.set(key, row);
    read.push({ record, reader });
  }
  return read;
}

export function validateDirectory(rows: readonly DirectoryRow[], known: KnownDirectory): ValidatedDirectory {
  const problems: DirectoryProblem[] = [];
  const agencies = readTable("agencies", rows, problems);
  const jurisdictions = readTable("jurisdictions", rows, problems);
  const agreements = readTable("agreements", rows, problems);
  const regions = readTable("regions", rows, problems);

  const agencyFacts = new Map(known.agencies);
  for (const { record } of agencies)
    agencyFacts.set(record.ori, { kind: record.kind, state: record.state, parentOri: record.parentOri });
  const siteFacts = new Map(known.jurisdictions);
  for (const { record } of jurisdictions) siteFacts.set(record.id, { state: record.state });
  const agencyOfKind = (
    reader: RowReader,
    column: string,
    ori: string,
    kinds: readonly string[],
    what: string,
  ) => {
    const agency = agencyFacts.get(ori);
    if (!agency) reader.fail(column, `no agency ${ori} in this import or the directory`, ori);
    else if (!kinds.includes(agency.kind))
      reader.fail(column, `${ori} is a ${agency.kind}, not ${what}`, ori);
    return agency;
  };

  for (const { record, reader } of agencies) {
    if (record.jurisdiction !== null) {
      const site = siteFacts.get(record.jurisdiction);
      if (!site)
        reader.fail("jurisdiction", `no jurisdiction ${record.jurisdiction} in this import or the directory`);
      else if (site.state !== record.state)
        reader.fail(
          "jurisdiction",
          `jurisdiction ${record.jurisdiction} is in ${site.state}, the agency in ${record.state}`,
        );
    }
    if (record.parentOri !== null) {
      const booking = record.kind === "LEA" || record.kind === "DOC";
      const parent = agencyOfKind(
        reader,
        "parent_ori",
        record.parentOri,
        booking ? ["SIB", "DOC"] : [...AGENCY_KINDS],
        "a SIB or a department of corrections",
      );
      if (parent && booking && parent.state !== null && parent.state !== record.state)
        reader.fail(
          "parent_ori",
          `${record.parentOri} is in ${parent.state}, the agency in ${record.state}`,
          record.parentOri,
        );
    }
  }
  for (const { record, reader } of agencies) {
    // The parent must be written before its child; a cycle has no order.
    const chain = new Set([record.ori]);
    for (
      let parent = record.parentOri;
      parent !== null;
      parent = agencyFacts.get(parent)?.parentOri ?? null
    ) {
      if (chain.has(parent)) {
        reader.fail(
          "parent_ori",
          `parents form a cycle: ${[...chain, parent].join(" → ")}`,
          record.parentOri,
        );
        break;
      }
      chain.add(parent);
    }
  }
  for (const { record, reader } of jurisdictions)
    if (record.eroOri !== null)
      agencyOfKind(reader, "ero_ori", record.eroOri, ["ERO"], "an ERO field office");
  for (const { record, reader } of agreements) {
    const sib = agencyOfKind(reader, "sib_ori", record.sibOri, ["SIB"], "a SIB");
    if (sib && sib.state !== null && sib.state !== record.state)
      reader.fail(
        "state",
        `${record.sibOri} is the SIB of ${sib.state}: it signs for its own state`,
        record.state,
      );
  }
  const regionOf = new Map<string, string>();
  for (const { record, reader } of regions)
    for (const state of record.states) {
      const other = regionOf.get(state);
      if (other)
        reader.fail(
          "states",
          `${state} is also listed in region ${other}; a state belongs to one region`,
          state,
        );
      else regionOf.set(state, record.id);
    }

  return {
    content: {
      agencies: agencies.map((a) => a.record),
      jurisdictions: jurisdictions.map((j) => j.record),
      agreements: agreements.map((g) => g.record),
      regions: regions.map((r) => r.record),
    },
    problems,
  };
}
