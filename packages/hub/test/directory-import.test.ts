import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { syntheticStateDirectory } from "../../demo/src/index.js";
import {
  createHubStorage,
  DIRECTORY_TABLES,
  DirectoryImportError,
  type DirectorySource,
  directoryCsv,
  directoryJson,
  exportDirectory,
  type HubDatabaseHandle,
  importDirectory,
} from "../src/index.js";
import { directoryRouting } from "../src/services/directory-routing.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

const by = { actor: "test", ori: "VAVSP0000" };
const directory = syntheticStateDirectory("VA");

function csvSources(content = directory, prefix = "va-"): DirectorySource[] {
  return DIRECTORY_TABLES.map((table) => ({
    file: `${prefix}${table}.csv`,
    text: directoryCsv(content, table),
    format: "csv" as const,
  }));
}

async function count(handle: HubDatabaseHandle, table: "agencies" | "jurisdictions" | "audit_events") {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
    handle.db,
  );
  return rows[0]?.n ?? 0;
}

describe.each(BACKENDS)("directory import and export on $name", (backend) => {
  let handle: HubDatabaseHandle;
  beforeAll(async () => {
    handle = await backend.open();
  }, 120_000);
  afterAll(async () => handle?.close());
  beforeEach(async () => resetTables(handle));

  it("imports a state's directory from CSV, routes by it, and a second import changes nothing", async () => {
    const first = await importDirectory(handle.db, csvSources(), { by });
    expect(first.changed).toBe(true);
    expect(first.counts.agencies.created).toBe(directory.agencies.length);
    expect(first.counts.jurisdictions.created).toBe(directory.jurisdictions.length);
    expect(first.counts.agreements.created).toBe(1);
    expect(await count(handle, "agencies")).toBe(directory.agencies.length);
    const audited = await count(handle, "audit_events");
    // One event per record and one for the import.
    const records = DIRECTORY_TABLES.reduce((n, t) => n + directory[t].length, 0);
    expect(audited).toBe(records + 1);

    // The imported directory routes bookings: an LEA of an activated county that takes both responses.
    const county = directory.jurisdictions.find(
      (j) => j.kind === "COUNTY" && j.status === "ACTIVATED" && j.receiptIdr,
    );
    const lea = directory.agencies.find((a) => a.kind === "LEA" && a.jurisdiction === county?.id);
    if (!county || !lea) throw new Error("the synthetic state has no activated county with an LEA");
    const routed = await directoryRouting(handle.db)({ submitterOri: "VAVSP0000", leaOri: lea.ori });
    expect(routed.jurisdictionId).toBe(county.id);
    expect(routed.routing.identSearch).toBe(true);
    expect(routed.routing.eroOri).toBe(county.eroOri);

    const again = await importDirectory(handle.db, csvSources(), { by });
    expect(again.changed).toBe(false);
    expect(again.counts.agencies).toEqual({ created: 0, updated: 0, unchanged: directory.agencies.length });
    expect(await count(handle, "audit_events")).toBe(audited);

    // What export writes, import reads back as unchanged, in either format.
    const exported = await exportDirectory(handle.db);
    const json = directoryJson(exported);
    const fromJson = await importDirectory(handle.db, [{ file: "export.json", text: json, format: "json" }], {
      by,
    });
    expect(fromJson.changed).toBe(false);
    expect(JSON.parse(json).jurisdictions.length).toBe(directory.jurisdictions.length);
    const fromCsv = await importDirectory(handle.db, csvSources(exported, "export-"), { by });
    expect(fromCsv.changed).toBe(false);
  }, 120_000);

  it("updates what changed, audited column by column, and a dry run writes nothing", async () => {
    await importDirectory(handle.db, csvSources(), { by });
    const planned = directory.jurisdictions.find((j) => j.kind === "COUNTY" && j.status === "PLANNED");
    if (!planned) throw new Error("no planned county");
    const changed = {
      ...directory,
      jurisdictions: directory.jurisdictions.map((j) =>
        j.id === planned.id
          ? { ...j, status: "ACTIVATED" as const, activatedOn: "2026-11-02", receiptIdr: false }
          : j,
      ),
    };
    const sources: DirectorySource[] = [
      { file: "va-jurisdictions.csv", text: directoryCsv(changed, "jurisdictions"), format: "csv" },
    ];
    const events = await count(handle, "audit_events");
    const dry = await importDirectory(handle.db, sources, { by, dryRun: true });
    expect(dry.counts.jurisdictions.updated).toBe(1);
    expect(dry.changes[0]?.columns).toEqual({
      status: { from: "PLANNED", to: "ACTIVATED" },
      activated_on: { from: "", to: "2026-11-02" },
      receipt_idr: { from: "true", to: "false" },
    });
    expect(await count(handle, "audit_events")).toBe(events);
    expect((await createHubStorage(handle.db).directory.getJurisdiction(planned.id))?.activationStatus).toBe(
      "PLANNED",
    );

    const applied = await importDirectory(handle.db, sources, { by });
    expect(applied.counts.jurisdictions).toEqual({
      created: 0,
      updated: 1,
      unchanged: directory.jurisdictions.length - 1,
    });
    const stored = await createHubStorage(handle.db).directory.getJurisdiction(planned.id);
    expect(stored?.activationStatus).toBe("ACTIVATED");
    expect(stored?.receiptIdr).toBe(false);
    const [event] = await createHubStorage(handle.db).audit.query({ action: "DIRECTORY_RECORD_UPDATED" });
    expect(event?.object).toBe(`jurisdiction:${planned.id}`);
    expect(event?.details.changes).toEqual(dry.changes[0]?.columns);
  }, 120_000);

  it("reports every problem with file, row, column and value, and writes nothing", async () => {
    const agencies = [
      "ori,kind,name,state,jurisdiction,parent_ori,time_zone",
      "VAVSP0000,SIB,Virginia State Identification Bureau,VA,,,",
      "VA0010000,LEA,Good Sheriff,VA,51001,VAVSP0000,America/New_York",
      "VA00200,LEA,Short ORI,VA,51003,VAVSP0000,",
      "VA0030000,LEA,Bad references,VA,51999,VAXXX0000,Mars/Olympus",
      "VA0040000,POLICE,Unknown kind,VA,,,",
      "VA0010000,LEA,Duplicate,VA,51001,VAVSP0000,",
    ].join("\n");
    const jurisdictions = [
      "id,kind,name,state,status,activated_on,receipt_idr",
      "51001,COUNTY,Accomack County,VA,ACTIVATED,2011-02-30,true",
      "24003,COUNTY,Anne Arundel County,VA,SCHEDULED,,maybe",
    ].join("\n");
    const json = JSON.stringify({
      format: "tenprint-directory/1",
      agreements: [
        { sib_ori: "VA0010000", state: "VA", signed_on: "2010-05-01", terminated_on: "2009-01-01" },
      ],
      regions: [{ id: "R3", name: "Mid-Atlantic", states: ["VA", "ZZ"], colour: "blue" }],
    });
    const sources: DirectorySource[] = [
      { file: "agencies.csv", text: agencies, format: "csv" },
      { file: "jurisdictions.csv", text: jurisdictions, format: "csv" },
      { file: "more.json", text: json, format: "json" },
    ];
    const error = await importDirectory(handle.db, sources, { by }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryImportError);
    const located = (error as DirectoryImportError).problems.map(
      (p) => `${p.file}:${p.row}:${p.column}=${p.value}`,
    );
    expect(located).toEqual(
      expect.arrayContaining([
        "agencies.csv:4:ori=VA00200",
        "agencies.csv:6:kind=POLICE",
        "agencies.csv:5:time_zone=Mars/Olympus",
        "agencies.csv:5:jurisdiction=51999",
        "agencies.csv:5:parent_ori=VAXXX0000",
        "agencies.csv:7:ori=VA0010000",
        "jurisdictions.csv:2:activated_on=2011-02-30",
        "jurisdictions.csv:3:id=24003",
        "jurisdictions.csv:3:scheduled_on=",
        "jurisdictions.csv:3:receipt_idr=maybe",
        "more.json:1:sib_ori=VA0010000",
        "more.json:1:terminated_on=2009-01-01",
        "more.json:1:colour=null",
      ]),
    );
    const zz = (error as DirectoryImportError).problems.find((p) => p.value === "ZZ");
    expect(zz).toMatchObject({ file: "more.json", table: "regions", row: 1, column: "states" });
    expect((error as Error).message).toContain("agencies.csv, row 6, column kind");
    expect(await count(handle, "agencies")).toBe(0);
    expect(await count(handle, "jurisdictions")).toBe(0);
    expect(await count(handle, "audit_events")).toBe(0);
  }, 120_000);

  it("refuses a CSV whose header or name it cannot place", async () => {
    const error = (await importDirectory(
      handle.db,
      [
        { file: "agencies.csv", text: "ori,kind,title,state\nVAVSP0000,SIB,X,VA\n", format: "csv" },
        { file: "list.csv", text: "ori\n", format: "csv" },
      ],
      { by },
    ).catch((e: unknown) => e)) as DirectoryImportError;
    expect(error).toBeInstanceOf(DirectoryImportError);
    expect(error.problems.map((p) => [p.file, p.row, p.column])).toEqual([
      ["agencies.csv", 1, "title"],
      ["agencies.csv", 1, "name"],
      ["list.csv", null, null],
    ]);
  }, 60_000);
});
