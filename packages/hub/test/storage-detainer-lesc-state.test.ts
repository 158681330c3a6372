import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { issueDetainer, transitionDetainer } from "../src/domain/detainer-lifecycle.js";
import { proposeDetermination } from "../src/domain/lesc-determination.js";
import {
  DETAINER_STATE_VERSION,
  detainerStateOf,
  detainerStateRecord,
} from "../src/storage/detainer-state-record.js";
import { createHubStorage } from "../src/storage/hub-storage.js";
import {
  LESC_PROPOSAL_VERSION,
  lescProposalOf,
  lescProposalRecord,
} from "../src/storage/lesc-proposal-record.js";
import type { HubDatabaseHandle } from "../src/storage/open-database.js";
import { StoredStateError } from "../src/storage/stored-state.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

/** The booking both rows hang on (their tables reference `transactions`). */
const V1 = JSON.parse(
  readFileSync(new URL("./fixtures/submission-state-v1.json", import.meta.url), "utf8"),
) as { id: string; state: string; state_data: Record<string, unknown> };

const DETAINER_ID = "7d3e1c0a-2b4f-4c8e-9a6d-1e2f3a4b5c6d";

/** A served detainer's state, as the domain makes it. */
function servedDetainer() {
  const issued = issueDetainer({
    id: DETAINER_ID,
    tcn: String(V1.state_data.tcn),
    form: "I-247A",
    basis: "FINAL_ORDER",
    leaOri: "VA0590000",
    eroOri: "VAICE0000",
    facilityTimeZone: "America/New_York",
    issuedAt: "2026-03-06T15:00:00Z",
  });
  return transitionDetainer(issued.state, { type: "SERVE", at: "2026-03-06T16:30:00Z" }).state;
}

const proposal = proposeDetermination({
  record: { recordedStatus: "FINAL_ORDER", encounters: [{ kind: "REMOVAL_ORDER", date: "20150610" }] },
});

/** Catches what `read` throws, so the test can look at its fields. */
function refusal(read: () => unknown): unknown {
  try {
    read();
  } catch (caught) {
    return caught;
  }
  return undefined;
}

describe.each(BACKENDS)("stored detainer state and LESC proposals on $name", (backend) => {
  let handle: HubDatabaseHandle;

  beforeAll(async () => {
    handle = await backend.open();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    const now = new Date("2026-03-06T15:00:00Z");
    await handle.db
      .insertInto("transactions")
      .values({
        id: V1.id,
        tcn: String(V1.state_data.tcn),
        tot: "CAR",
        submitter_ori: String(V1.state_data.submitterOri),
        jurisdiction_ori: "51059",
        arrest_jurisdiction_ori: null,
        arrest_ident_search: null,
        state: V1.state,
        state_data: JSON.stringify(V1.state_data),
        version: 7,
        request: null,
        request_sha256: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });

  /** Stores a detainer whose `state` column holds `state` as given. */
  async function storeDetainer(state: Record<string, unknown>, status = "SERVED") {
    const storage = createHubStorage(handle.db);
    await storage.detainers.create({
      id: DETAINER_ID,
      transactionId: V1.id,
      leaOri: "VA0590000",
      eroOri: "VAICE0000",
      status,
      state,
      priority: {},
    });
    const stored = await storage.detainers.get(DETAINER_ID);
    if (!stored) throw new Error("the detainer was not stored");
    return stored;
  }

  async function storeReview(stored: Record<string, unknown>) {
    const storage = createHubStorage(handle.db);
    await storage.lescReviews.enqueue({
      transactionId: V1.id,
      iaqId: "IAQ-1",
      fin: "FIN-1",
      proposal: stored,
    });
    const review = await storage.lescReviews.get(V1.id);
    if (!review) throw new Error("the review was not stored");
    return review;
  }

  it("reads a detainer row as the hub wrote it before the tag", async () => {
    const state = servedDetainer();
    // Before the tag the service wrote `{ ...next.state }` (packages/hub/src/services/detainer-service.ts).
    const untagged = await storeDetainer({ ...state });
    expect(untagged.state.stateVersion).toBeUndefined();
    expect(detainerStateOf(untagged)).toEqual(state);
  });

  it("writes a detainer state at the current version and reads it back", async () => {
    const state = servedDetainer();
    const stored = await storeDetainer(detainerStateRecord(state));
    expect(stored.state.stateVersion).toBe(DETAINER_STATE_VERSION);
    expect(detainerStateOf(stored)).toEqual(state);
  });

  it.each([
    ["a missing facility zone", { facilityTimeZone: undefined }, "facilityTimeZone"],
    ["a served time that is not an instant", { servedAt: "yesterday" }, "servedAt"],
    ["an unknown form", { form: "I-999" }, "form"],
    ["a field no version has", { riskScore: 0.7 }, "riskScore"],
    ["a version this hub does not know", { stateVersion: 2 }, "stateVersion"],
    ["another detainer's id", { id: "00000000-0000-4000-8000-000000000000" }, "id"],
    ["a status its row does not have", { status: "HOLDING" }, "status"],
  ])("refuses a detainer row with %s, naming the row and the field", async (_what, change, field) => {
    const stored = await storeDetainer(JSON.parse(JSON.stringify({ ...servedDetainer(), ...change })));
    const error = refusal(() => detainerStateOf(stored));
    expect(error).toBeInstanceOf(StoredStateError);
    expect(error).toMatchObject({ table: "detainers", rowId: DETAINER_ID, field });
    expect((error as Error).message).toContain(`detainers row ${DETAINER_ID}: state field ${field}`);
  });

  it("reads a LESC proposal as the hub wrote it before the tag, and one written at the current version", async () => {
    // Before the tag the service wrote `{ ...proposal }` (packages/hub/src/services/lesc-service.ts).
    const untagged = await storeReview({ ...proposal });
    expect(untagged.proposal.stateVersion).toBeUndefined();
    expect(lescProposalOf(untagged)).toEqual(proposal);
    expect(proposal).toMatchObject({ status: "FOR", detainerBasis: "FINAL_ORDER" });

    const tagged = { ...untagged, proposal: lescProposalRecord(proposal) };
    expect(tagged.proposal.stateVersion).toBe(LESC_PROPOSAL_VERSION);
    expect(lescProposalOf(tagged)).toEqual(proposal);
  });

  it.each([
    ["an unknown status code", { status: "XYZ" }, "status"],
    ["a detainer basis no rule gives", { detainerBasis: "SUSPICION" }, "detainerBasis"],
    ["a missing rule", { rule: undefined }, "rule"],
    ["a field no version has", { score: 0.9 }, "score"],
    ["a version this hub does not know", { stateVersion: 2 }, "stateVersion"],
  ])("refuses a LESC proposal with %s, naming the row and the field", async (_what, change, field) => {
    const review = await storeReview(JSON.parse(JSON.stringify({ ...proposal, ...change })));
    const error = refusal(() => lescProposalOf(review));
    expect(error).toBeInstanceOf(StoredStateError);
    expect(error).toMatchObject({ table: "lesc_reviews", rowId: V1.id, field });
    expect((error as Error).message).toContain(`lesc_reviews row ${V1.id}: state field ${field}`);
  });
});
