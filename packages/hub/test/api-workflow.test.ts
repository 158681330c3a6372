import { LESC_ORI } from "@tenprint/nist";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi, createHubStorage, type HubDatabaseHandle, HubRuntime } from "../src/index.js";
import { bearer, issueRoleKeys, type RoleKeys } from "./api-harness.js";
import {
  bookingFile,
  ERO_ORI,
  enrolArrestee,
  immigrationRecordOf,
  JURISDICTION,
  manualClock,
  runUntilIdle,
  seedDirectory,
} from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

describe.each(BACKENDS)("API over the whole workflow on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let hub: HubRuntime;
  let app: FastifyInstance;
  let keys: RoleKeys;
  const clock = manualClock("2026-03-06T15:00:00Z");

  beforeAll(async () => {
    handle = await backend.open();
    await resetTables(handle);
    hub = await HubRuntime.attach(handle, { searchThreads: 0, clock: clock.now });
    app = createApi({
      db: hub.db,
      submissions: hub.submissions,
      lesc: hub.lesc,
      detainers: hub.detainers,
      clock: clock.now,
    });
    await seedDirectory(hub);
    await enrolArrestee(hub, immigrationRecordOf("PENDING_PROCEEDINGS"));
    keys = await issueRoleKeys(handle);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await hub?.close();
  });

  it("takes a booking from the SIB through LESC determination, ERO review and the detainer's hold", async () => {
    const call = (apiKey: string, method: "GET" | "POST", url: string, payload?: object) =>
      app.inject({ method, url, headers: bearer(apiKey), ...(payload ? { payload } : {}) });
    const submitted = await app.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { ...bearer(keys.SIB), "content-type": "application/octet-stream" },
      payload: Buffer.from(bookingFile("sketch")),
    });
    expect(submitted.statusCode).toBe(202);
    const id: string = submitted.json().id;
    await runUntilIdle(hub, "api-test-worker");
    clock.advance(20 * 60_000);

    const queue = (await call(keys.LESC, "GET", "/v1/lesc/queue")).json();
    expect(queue).toMatchObject({ count: 1, oldestAgeMs: 20 * 60_000, items: [{ transactionId: id }] });
    expect(queue.items[0].proposal.status).toBe("REM");
    const determination = `/v1/lesc/reviews/${id}/determination`;
    const unexplained = await call(keys.LESC, "POST", determination, { analyst: "analyst-7", status: "LPR" });
    expect(unexplained.statusCode).toBe(422);
    expect(unexplained.json().field).toBe("body.note");
    const confirmed = await call(keys.LESC, "POST", determination, { analyst: "analyst-7" });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: "IAR_RETURNED", determination: { status: "REM" } });
    expect((await call(keys.LESC, "POST", determination, { analyst: "analyst-7" })).statusCode).toBe(409);
    await runUntilIdle(hub, "api-test-worker");

    const reviews = (await call(keys.ERO, "GET", "/v1/ero/reviews")).json();
    expect(reviews.items).toEqual([
      expect.objectContaining({ transactionId: id, detainerBasis: expect.any(String) }),
    ]);
    expect(reviews.items[0].priority.ruleSet).toBe("PEP_2014");
    const otherEro = (await createHubStorage(hub.db).apiKeys.issue("TXICE0000", "ERO")).apiKey;
    expect((await call(otherEro, "POST", `/v1/ero/reviews/${id}`, { issueDetainer: true })).statusCode).toBe(
      403,
    );
    const reviewed = await call(keys.ERO, "POST", `/v1/ero/reviews/${id}`, { issueDetainer: true });
    expect(reviewed.statusCode).toBe(200);
    const detainerId: string = reviewed.json().detainer.id;
    expect(reviewed.json().detainer).toMatchObject({ status: "ISSUED", eroOri: ERO_ORI });

    const act = (apiKey: string, payload: object) =>
      call(apiKey, "POST", `/v1/detainers/${detainerId}/actions`, payload);
    const wrongRole = await act(keys.LEA, { type: "SERVE" });
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json().message).toContain("SERVE");
    expect((await act(keys.ERO, { type: "SERVE" })).json().status).toBe("SERVED");
    expect((await act(keys.ERO, { type: "SERVE" })).statusCode).toBe(409);
    expect((await act(keys.LEA, { type: "ACKNOWLEDGE" })).json().status).toBe("ACTIVE");
    const noDate = await act(keys.LEA, { type: "RELEASE_NOTICE" });
    expect(noDate.json()).toMatchObject({ error: "invalid_request", field: "body.releaseDueAt" });
    const notice = await act(keys.LEA, { type: "RELEASE_NOTICE", releaseDueAt: "2026-03-06T22:00:00Z" });
    expect(notice.json().status).toBe("RELEASE_DUE");
    const holding = (await act(keys.LEA, { type: "HOLD" })).json();
    expect(holding.status).toBe("HOLDING");
    expect(holding.state.holdDeadline > "2026-03-10T00:00:00Z").toBe(true);

    const leaView = (await call(keys.LEA, "GET", "/v1/detainers")).json();
    expect(leaView.items.map((d: { id: string }) => d.id)).toEqual([detainerId]);
    await hub.deliverDue();
    const inbox = (await call(keys.LEA, "GET", "/v1/inbox")).json();
    expect(inbox.items.map((m: { type: string }) => m.type).sort()).toEqual(["DETAINER_ISSUED", "IAR"]);
    const booking = (await call(keys.LEA, "GET", `/v1/transactions/${id}`)).json();
    expect(booking.state).toBe("CLOSED");
    expect(booking.messages.map((m: { type: string }) => m.type).sort()).toEqual(["DETAINER_ISSUED", "IAR"]);
    const sib = (await call(keys.SIB, "GET", `/v1/transactions/${id}`)).json();
    expect(sib.messages.map((m: { type: string }) => m.type).sort()).toEqual(["IDR", "SRE"]);

    const stats = (await call(keys.PMO, "GET", "/v1/stats")).json();
    expect(stats.overall).toMatchObject({
      bookings: 1,
      sreIdent: 0,
      sreNonIdent: 1,
      errt: 0,
      idr: 1,
      identMatches: 1,
      iaq: 1,
      iar: 1,
      detainers: 1,
    });
    expect(Object.keys(stats.byJurisdiction)).toEqual([JURISDICTION]);
    const verify = (await call(keys.AUDITOR, "GET", "/v1/audit/verify")).json();
    expect(verify.ok).toBe(true);
    const reads = await createHubStorage(hub.db).audit.query({ ori: LESC_ORI, action: "LESC_QUEUE_READ" });
    expect(reads).toHaveLength(1);
    // One booking, one audit object: its workflow steps and its reads alike.
    const history = (await call(keys.AUDITOR, "GET", `/v1/audit?object=transaction:${id}&limit=500`)).json();
    const actions = history.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "SUBMISSION_RECEIVED",
        "SUBMISSION_VALIDATED",
        "LESC_REVIEW_QUEUED",
        "IAR_RETURNED",
        "TRANSACTION_READ",
      ]),
    );
    const elsewhere = await hub.db
      .selectFrom("audit_events")
      .select("object")
      .where("object", "like", "submission:%")
      .execute();
    expect(elsewhere).toEqual([]);
  }, 120_000);
});
