import { writeIso19794_2 } from "@tenprint/afis";
import { syntheticTemplate } from "@tenprint/synth";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi, createHubStorage, type HubDatabaseHandle, HubRuntime } from "../src/index.js";
import { bearer, issueRoleKeys, type RoleKeys } from "./api-harness.js";
import { BACKENDS } from "./storage-backends.js";

/** Decision 0018 through the API: IDENT corrects and expunges its records; the answers and the audit. */
const pglite = BACKENDS.find((backend) => backend.name === "pglite")!;
const POSITIONS = [1, 2, 3, 6, 7];

function fingers(identity: number, impression: number) {
  return POSITIONS.map((position) => ({
    position,
    template: syntheticTemplate({ seed: 44, identity, finger: position, impression }),
  }));
}

function identRecord(i: number, recordedStatus: string) {
  return {
    synthetic: true,
    identity: `FIN${i}`,
    fin: `FIN${i}`,
    name: { surname: "REDRESS", given: `PERSON ${i}` },
    dateOfBirth: "19850505",
    sex: "M" as const,
    immigration: { recordedStatus, encounters: [] },
  };
}

describe("record redress through the API", () => {
  let handle: HubDatabaseHandle;
  let hub: HubRuntime;
  let app: FastifyInstance;
  let keys: RoleKeys;
  const order = { reason: "redress: naturalised 2019", authority: "DHS TRIP", reference: "TRIP-2026-7" };

  beforeAll(async () => {
    handle = await pglite.open();
    hub = await HubRuntime.attach(handle, { searchThreads: 0, extractionThreads: 0 });
    app = createApi({ db: hub.db, submissions: hub.submissions, records: hub.records });
    await hub.ident.enrolMany(
      [1, 2, 3].map((i) => ({
        record: identRecord(i, "VISA_OVERSTAY") as never,
        fingers: fingers(i, 1),
      })),
    );
    keys = await issueRoleKeys(handle);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await hub?.close();
  });

  const post = (role: keyof RoleKeys, url: string, payload: object) =>
    app.inject({ method: "POST", url, headers: bearer(keys[role]), payload });

  it("corrects an IDENT record found wrong: the record changes, the tombstone names fields, never values", async () => {
    const corrected = { ...identRecord(1, "NATURALIZED"), name: { surname: "REDRESS", given: "PERSON 1" } };
    const response = await post("IDENT", "/v1/records/ident/FIN1/correct", { ...order, record: corrected });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      action: "CORRECTED",
      identity: "FIN1",
      changed: ["immigration"],
      authority: "DHS TRIP",
      reference: "TRIP-2026-7",
    });
    const stored = await createHubStorage(hub.db).subjects.get("ident", "FIN1");
    expect((stored?.immigration as { recordedStatus: string } | undefined)?.recordedStatus).toBe(
      "NATURALIZED",
    );
    const [event] = await createHubStorage(hub.db).audit.query({ action: "RECORD_CORRECTED" });
    expect(JSON.stringify(event?.details)).not.toMatch(/NATURALIZED|VISA_OVERSTAY/);
    expect(JSON.stringify(response.json())).not.toMatch(/NATURALIZED/);
  });

  it("replaces the prints with base64 templates, and refuses one that is not a template with where", async () => {
    const prints = fingers(900, 1).map((finger) => ({
      position: finger.position,
      base64: Buffer.from(writeIso19794_2(finger.template, { position: finger.position })).toString("base64"),
    }));
    const response = await post("IDENT", "/v1/records/ident/FIN3/correct", {
      ...order,
      record: { ...identRecord(3, "VISA_OVERSTAY"), prints },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().changed).toEqual(["prints"]);
    const probe = fingers(900, 2);
    const now = (await hub.ident.identify(probe)).candidates;
    expect(now[0]?.identity).toBe("FIN3");
    // The old prints' second impression no longer matches FIN3: a tiny gallery lists everyone, so by score.
    const before = (await hub.ident.identify(fingers(3, 2))).candidates.find((c) => c.identity === "FIN3");
    expect(before?.fusedScore ?? 0).toBeLessThan((now[0]?.fusedScore ?? 0) / 2);

    const bad = await post("IDENT", "/v1/records/ident/FIN3/correct", {
      ...order,
      record: { ...identRecord(3, "VISA_OVERSTAY"), prints: [{ position: 1, base64: "AAAA" }] },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().field).toBe("body.record.prints[0]");
    const renamed = await post("IDENT", "/v1/records/ident/FIN3/correct", {
      ...order,
      record: identRecord(2, "X"),
    });
    expect(renamed.statusCode).toBe(422);
    expect(renamed.json().field).toBe("body.record.identity");
  });

  it("expunges once: a search no longer finds it, a second order is a conflict, an unknown record a 404", async () => {
    expect((await hub.ident.identify(fingers(2, 2))).candidates[0]?.identity).toBe("FIN2");
    const court = { reason: "expungement", authority: "US District Court", reference: "1:26-cv-0019" };
    const response = await post("IDENT", "/v1/records/ident/FIN2/expunge", court);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      action: "EXPUNGED",
      identity: "FIN2",
      actorOri: expect.any(String),
    });
    expect((await hub.ident.identify(fingers(2, 2))).candidates.map((c) => c.identity)).not.toContain("FIN2");
    expect(await createHubStorage(hub.db).subjects.get("ident", "FIN2")).toBeUndefined();
    expect((await post("IDENT", "/v1/records/ident/FIN2/expunge", court)).statusCode).toBe(409);
    expect(
      (await post("IDENT", "/v1/records/ident/FIN2/correct", { ...order, record: identRecord(2, "X") }))
        .statusCode,
    ).toBe(404);
    expect((await post("IDENT", "/v1/records/ident/NOSUCH/expunge", court)).statusCode).toBe(404);
    expect((await post("CJIS", "/v1/records/ident/FIN1/expunge", court)).statusCode).toBe(403);
    const missingReason = await post("IDENT", "/v1/records/ident/FIN1/expunge", {
      authority: "x",
      reference: "y",
    });
    expect(missingReason.statusCode).toBe(400);
    expect(missingReason.json().field).toBe("body.reason");
  });
});
