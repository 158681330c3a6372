import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHubStorage } from "../src/storage/hub-storage.js";
import type { HubDatabaseHandle } from "../src/storage/open-database.js";
import {
  StoredStateError,
  SUBMISSION_STATE_VERSION,
  stateRecord,
  submissionStateOf,
} from "../src/storage/submission-state-record.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

/** A row exactly as the hub wrote it before states carried a version (see its `writtenBy`). */
const V1 = JSON.parse(
  readFileSync(new URL("./fixtures/submission-state-v1.json", import.meta.url), "utf8"),
) as { id: string; state: string; state_data: Record<string, unknown> };

describe.each(BACKENDS)("stored workflow state on $name", (backend) => {
  let handle: HubDatabaseHandle;

  beforeAll(async () => {
    handle = await backend.open();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
  });

  /** Writes `state_data` as given, bypassing the repository, the way an older hub left it. */
  async function storeRaw(id: string, state: string, stateData: Record<string, unknown>): Promise<void> {
    const now = new Date("2026-03-06T15:00:00Z");
    await handle.db
      .insertInto("transactions")
      .values({
        id,
        tcn: String(stateData.tcn ?? "TCN"),
        tot: "CAR",
        submitter_ori: String(stateData.submitterOri ?? "VASIB0000"),
        jurisdiction_ori: "51059",
        arrest_jurisdiction_ori: null,
        arrest_ident_search: null,
        state,
        state_data: JSON.stringify(stateData),
        version: 7,
        request: null,
        request_sha256: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  async function load(id: string) {
    const stored = await createHubStorage(handle.db).transactions.get(id);
    if (!stored) throw new Error(`row ${id} was not stored`);
    return stored;
  }

  it("reads a version-1 row as the current state, and writes it back at the current version", async () => {
    await storeRaw(V1.id, V1.state, V1.state_data);
    const stored = await load(V1.id);
    expect(stored.stateData.stateVersion).toBeUndefined();
    const state = submissionStateOf(stored);
    expect(state).toEqual(V1.state_data);
    expect(state.determination?.status).toBe("FOR");
    expect(state.priority?.inputs.facts?.finalOrderDate).toBe("2015-06-10");

    const storage = createHubStorage(handle.db);
    await storage.transactions.update(V1.id, stored.version, {
      state: state.status,
      stateData: stateRecord(state),
    });
    const rewritten = await load(V1.id);
    expect(rewritten.stateData).toEqual({ ...V1.state_data, stateVersion: SUBMISSION_STATE_VERSION });
    expect(submissionStateOf(rewritten)).toEqual(state);
  });

  it("gives a version-1 row written before states held their id the row's id", async () => {
    const { transactionId: _dropped, ...withoutId } = V1.state_data;
    const id = "0f6f7d2e-55a1-4a77-9d55-3c1d1f1b7e01";
    await storeRaw(id, V1.state, withoutId);
    expect(submissionStateOf(await load(id))).toEqual({ ...withoutId, transactionId: id });
  });

  it.each([
    [
      "a missing ERO office",
      { routing: { receipt: { idr: true, iar: true }, identSearch: true } },
      "routing.eroOri",
    ],
    [
      "an FPIR above 1",
      { identMatch: { ...(V1.state_data.identMatch as object), fpir: 2 } },
      "identMatch.fpir",
    ],
    ["an unknown status", { status: "ARCHIVED" }, "status"],
    ["a field no version has", { riskScore: 0.7 }, "riskScore"],
    ["a version this hub does not know", { stateVersion: 3 }, "stateVersion"],
  ])("refuses a row with %s, naming the row and the field", async (_what, change, field) => {
    const id = "5b0c3a55-6f0e-4a37-8a3f-5d0f0f0e9c11";
    await storeRaw(id, V1.state, { ...V1.state_data, ...change });
    const stored = await load(id);
    let error: unknown;
    try {
      submissionStateOf(stored);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoredStateError);
    expect(error).toMatchObject({ table: "transactions", rowId: id, field });
    expect((error as Error).message).toContain(`transactions row ${id}: state field`);
  });

  it("refuses a row whose state column disagrees with its state's status", async () => {
    await storeRaw(V1.id, "IAR_RETURNED", V1.state_data);
    expect(() => submissionStateOf({ id: V1.id, state: "IAR_RETURNED", stateData: V1.state_data })).toThrow(
      `transactions row ${V1.id}: state field status is CLOSED but the row's state column is IAR_RETURNED`,
    );
    await expect(load(V1.id).then(submissionStateOf)).rejects.toBeInstanceOf(StoredStateError);
  });
});
