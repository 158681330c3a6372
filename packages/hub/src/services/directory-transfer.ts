import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { writeCsv } from "../directory/directory-csv.js";
import {
  columnNames,
  DIRECTORY_FORMAT,
  DIRECTORY_TABLES,
  DirectoryImportError,
  type DirectoryProblem,
  type DirectoryRow,
  type DirectoryTable,
} from "../directory/directory-format.js";
import {
  type DirectoryAgency,
  type DirectoryAgreement,
  type DirectoryContent,
  type DirectoryJurisdiction,
  type DirectoryRecord,
  type DirectoryRegion,
  recordKey,
  recordObject,
  recordRow,
} from "../directory/directory-records.js";
import { csvTableOf, rowsFromCsv, rowsFromJson } from "../directory/directory-source.js";
import { type KnownDirectory, validateDirectory } from "../directory/directory-validation.js";
import type { HubDatabase } from "../storage/database-schema.js";
import type {
  AgencyRecord,
  DirectoryRepository,
  JurisdictionRecord,
} from "../storage/directory-repository.js";
import { createHubStorage, runTransition } from "../storage/hub-storage.js";
import { siteActivationOf } from "./deployment-plan-service.js";

/** One file of an import: a JSON document, or one table's CSV (named by the file, or given). */
export interface DirectorySource {
  readonly file: string;
  readonly text: string;
  readonly format: "json" | "csv";
  /** For CSV: the table; by default from the file name (`agencies.csv`, `va-jurisdictions.csv`). */
  readonly table?: DirectoryTable;
}

export interface TableCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface DirectoryChange {
  readonly table: DirectoryTable;
  readonly key: string;
  readonly action: "CREATED" | "UPDATED";
  /** For an update, each changed column's stored and imported text. */
  readonly columns: Readonly<Record<string, { from: string; to: string }>>;
}

export interface DirectoryImportReport {
  readonly dryRun: boolean;
  /** False when every record already stood as imported: nothing was written, nothing audited. */
  readonly changed: boolean;
  readonly counts: Readonly<Record<DirectoryTable, TableCounts>>;
  readonly changes: readonly DirectoryChange[];
  readonly sources: readonly { file: string; sha256: string }[];
}

export interface DirectoryActor {
  readonly actor: string;
  readonly ori: string;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function agencyOf(stored: AgencyRecord): DirectoryAgency {
  const contact = stored.contact ?? {};
  return {
    ori: stored.ori,
    kind: stored.kind as DirectoryAgency["kind"],
    name: stored.name,
    state: stored.state ?? stored.ori.slice(0, 2),
    jurisdiction: stored.jurisdictionId ?? null,
    parentOri: stored.parentOri,
    attention: text(contact.attention),
    phone: text(contact.phone),
    timeZone: text(contact.timeZone),
  };
}

function jurisdictionOf(stored: JurisdictionRecord): DirectoryJurisdiction {
  const activation = siteActivationOf(stored);
  const kind = stored.siteKind ?? "COUNTY";
  return {
    id: stored.jurisdictionId,
    kind,
    name: stored.name,
    state: stored.state,
    countyFips: kind === "FACILITY" ? (stored.locationFips ?? null) : null,
    eroOri: stored.eroOri ?? null,
    status: activation.status,
    scheduledOn: activation.scheduledAt ?? null,
    activatedOn: activation.status === "ACTIVATED" ? (activation.activatedAt ?? null) : null,
    deferredReason: activation.status === "DEFERRED" ? (activation.deferredReason ?? null) : null,
    receiptIdr: stored.receiptIdr,
    receiptIar: stored.receiptIar,
  };
}

/** The whole directory as the exchange format's records, each table sorted by its key. */
export async function readDirectory(directory: DirectoryRepository): Promise<DirectoryContent> {
  return {
    agencies: (await directory.listAgencies()).map(agencyOf),
    jurisdictions: (await directory.listJurisdictions()).map(jurisdictionOf),
    agreements: (await directory.listAgreements()).map(
      (a): DirectoryAgreement => ({ ...a, terminatedOn: a.terminatedOn ?? null }),
    ),
    regions: (await directory.listRegions()).map(
      (r): DirectoryRegion => ({
        id: r.id,
        name: r.name,
        coordinatorOri: r.coordinatorOri,
        states: r.states,
      }),
    ),
  };
}

export function directoryJson(content: DirectoryContent): string {
  const document: Record<string, unknown> = { format: DIRECTORY_FORMAT };
  for (const table of DIRECTORY_TABLES) {
    const records = content[table] as readonly DirectoryRecord<typeof table>[];
    document[table] = records.map((record) => {
      const row = recordRow(table, record);
      // JSON keeps its types: true/false, lists, null for an empty cell.
      return Object.fromEntries(
        Object.entries(row).map(([column, value]) => {
          if (table === "jurisdictions" && column.startsWith("receipt_")) return [column, value === "true"];
          if (table === "regions" && column === "states")
            return [column, value === "" ? [] : value.split(" ")];
          return [column, value === "" ? null : value];
        }),
      );
    });
  }
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function directoryCsv(content: DirectoryContent, table: DirectoryTable): string {
  const columns = columnNames(table);
  const records = content[table] as readonly DirectoryRecord<typeof table>[];
  return writeCsv(
    columns,
    records.map((record) => {
      const row = recordRow(table, record);
      return columns.map((column) => row[column] ?? "");
    }),
  );
}

function readSources(sources: readonly DirectorySource[]): {
  rows: DirectoryRow[];
  problems: DirectoryProblem[];
} {
  const rows: DirectoryRow[] = [];
  const problems: DirectoryProblem[] = [];
  for (const source of sources) {
    if (source.format === "json") {
      const read = rowsFromJson(source.file, source.text);
      rows.push(...read.rows);
      problems.push(...read.problems);
      continue;
    }
    const table = source.table ?? csvTableOf(source.file);
    if (!table) {
      problems.push({
        file: source.file,
        table: null,
        row: null,
        column: null,
        value: null,
        reason: `a CSV file's name says its table: ${DIRECTORY_TABLES.map((t) => `${t}.csv`).join(", ")} (a prefix such as va- is allowed)`,
      });
      continue;
    }
    const read = rowsFromCsv(source.file, table, source.text);
    rows.push(...read.rows);
    problems.push(...read.problems);
  }
  return { rows, problems };
}

function knownOf(content: DirectoryContent): KnownDirectory {
  return {
    agencies: new Map(
      content.agencies.map((a) => [a.ori, { kind: a.kind, state: a.state, parentOri: a.parentOri }]),
    ),
    jurisdictions: new Map(content.jurisdictions.map((j) => [j.id, { state: j.state }])),
  };
}

/** Parents first: the agencies table's parent_ori is a foreign key. Validation has ruled out cycles. */
function parentsFirst(agencies: readonly DirectoryAgency[]): DirectoryAgency[] {
  const pending = new Map(agencies.map((a) => [a.ori, a]));
  const ordered: DirectoryAgency[] = [];
  const visit = (agency: DirectoryAgency) => {
    if (!pending.delete(agency.ori)) return;
    const parent = agency.parentOri ? pending.get(agency.parentOri) : undefined;
    if (parent) visit(parent);
    ordered.push(agency);
  };
  for (const agency of agencies) visit(agency);
  return ordered;
}

async function writeRecord<T extends DirectoryTable>(
  directory: DirectoryRepository,
  table: T,
  record: DirectoryRecord<T>,
): Promise<void> {
  switch (table) {
    case "agencies": {
      const a = record as DirectoryAgency;
      const contact = {
        ...(a.attention ? { attention: a.attention } : {}),
        ...(a.phone ? { phone: a.phone } : {}),
        ...(a.timeZone ? { timeZone: a.timeZone } : {}),
      };
      return directory.putAgency({
        ori: a.ori,
        kind: a.kind,
        name: a.name,
        state: a.state,
        parentOri: a.parentOri,
        contact,
        jurisdictionId: a.jurisdiction,
      });
    }
    case "jurisdictions": {
      const j = record as DirectoryJurisdiction;
      const receipt = { idr: j.receiptIdr, iar: j.receiptIar };
      return directory.putJurisdiction({
        jurisdictionId: j.id,
        name: j.name,
        state: j.state,
        activationStatus: j.status,
        activatedAt: j.activatedOn ? new Date(`${j.activatedOn}T00:00:00Z`) : null,
        receiptIdr: j.receiptIdr,
        receiptIar: j.receiptIar,
        activation: {
          jurisdictionId: j.id,
          status: j.status,
          ...(j.scheduledOn ? { scheduledAt: j.scheduledOn } : {}),
          ...(j.activatedOn ? { activatedAt: j.activatedOn } : {}),
          ...(j.deferredReason ? { deferredReason: j.deferredReason } : {}),
          receipt,
        },
        eroOri: j.eroOri,
        siteKind: j.kind,
        locationFips: j.countyFips,
      });
    }
    case "agreements":
      return directory.putAgreement(record as DirectoryAgreement);
    default: {
      const r = record as DirectoryRegion;
      return directory.putRegion({
        id: r.id,
        name: r.name,
        coordinatorOri: r.coordinatorOri,
        states: [...r.states],
      });
    }
  }
}

/**
 * Imports agencies, jurisdictions (counties and facilities, with activation, ERO area and receipt
 * preferences), SIB agreements and regions. All or nothing: every problem of every file is reported with
 * its file, row, column and value, and then nothing is written. Records are created or replaced by key;
 * records the files do not name are left as they are. A record that already stands as imported is not
 * written, so importing the same files again changes nothing and is reported so. Each created or changed
 * record is an audit event with its changed columns, and the import one more (`DIRECTORY_IMPORTED`).
 */
export async function importDirectory(
  db: Kysely<HubDatabase>,
  sources: readonly DirectorySource[],
  options: { dryRun?: boolean; by: DirectoryActor; clock?: () => Date },
): Promise<DirectoryImportReport> {
  const read = readSources(sources);
  const digests = sources.map((s) => ({
    file: s.file,
    sha256: createHash("sha256").update(s.text).digest("hex"),
  }));
  const run = async (directory: DirectoryRepository) => {
    const stored = await readDirectory(directory);
    const validated = validateDirectory(read.rows, knownOf(stored));
    const problems = [...read.problems, ...validated.problems].sort(
      (a, b) => a.file.localeCompare(b.file) || (a.row ?? 0) - (b.row ?? 0),
    );
    if (problems.length > 0) throw new DirectoryImportError(problems);
    const counts = Object.fromEntries(
      DIRECTORY_TABLES.map((t) => [t, { created: 0, updated: 0, unchanged: 0 }]),
    ) as Record<DirectoryTable, TableCounts>;
    const changes: { change: DirectoryChange; record: DirectoryRecord<DirectoryTable> }[] = [];
    for (const table of DIRECTORY_TABLES) {
      const before = new Map(
        (stored[table] as readonly DirectoryRecord<typeof table>[]).map((r) => [
          recordKey(table, r),
          recordRow(table, r),
        ]),
      );
      const incoming =
        table === "agencies"
          ? parentsFirst(validated.content.agencies)
          : (validated.content[table] as readonly DirectoryRecord<typeof table>[]);
      for (const record of incoming) {
        const key = recordKey(table, record);
        const row = recordRow(table, record);
        const old = before.get(key);
        if (!old) {
          counts[table].created++;
          changes.push({ change: { table, key, action: "CREATED", columns: {} }, record });
          continue;
        }
        const columns: Record<string, { from: string; to: string }> = {};
        for (const column of Object.keys(row))
          if (row[column] !== old[column])
            columns[column] = { from: old[column] ?? "", to: row[column] ?? "" };
        if (Object.keys(columns).length === 0) counts[table].unchanged++;
        else {
          counts[table].updated++;
          changes.push({ change: { table, key, action: "UPDATED", columns }, record });
        }
      }
    }
    return { counts, changes };
  };

  const report = (result: Awaited<ReturnType<typeof run>>, dryRun: boolean): DirectoryImportReport => ({
    dryRun,
    changed: result.changes.length > 0,
    counts: result.counts,
    changes: result.changes.map((c) => c.change),
    sources: digests,
  });

  if (options.dryRun) return report(await run(createHubStorage(db).directory), true);
  return runTransition(
    db,
    async (storage) => {
      const result = await run(storage.directory);
      if (result.changes.length === 0) return report(result, false);
      for (const { change, record } of result.changes) {
        await writeRecord(storage.directory, change.table, record);
        await storage.audit.append({
          actor: options.by.actor,
          ori: options.by.ori,
          action: change.action === "CREATED" ? "DIRECTORY_RECORD_CREATED" : "DIRECTORY_RECORD_UPDATED",
          object: recordObject(change.table, record),
          details:
            change.action === "CREATED"
              ? { table: change.table, values: recordRow(change.table, record) }
              : { table: change.table, changes: change.columns },
        });
      }
      await storage.audit.append({
        actor: options.by.actor,
        ori: options.by.ori,
        action: "DIRECTORY_IMPORTED",
        object: "directory",
        details: { sources: digests, counts: result.counts },
      });
      return report(result, false);
    },
    { ...(options.clock ? { clock: options.clock } : {}) },
  );
}

/** The whole directory, for `tenprint directory export` and `GET /v1/directory`. */
export async function exportDirectory(db: Kysely<HubDatabase>): Promise<DirectoryContent> {
  return readDirectory(createHubStorage(db).directory);
}
