import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHubStorage, type HubDatabaseHandle } from "../src/index.js";
import {
  bearer,
  issueRoleKeys,
  OTHER_LEA_ORI,
  OTHER_SIB_ORI,
  type RoleKeys,
  SIB_ORI,
  testApi,
} from "./api-harness.js";
import { bookingFile, knownBooking, seedDirectory } from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

/** Attacks on intake from issue 16: each of these passed (the attack succeeded) before its fix. */
const EBTS = { "content-type": "application/octet-stream" };

async function transactionCount(handle: HubDatabaseHandle): Promise<number> {
  const row = await handle.db
    .selectFrom("transactions")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(BACKENDS)("intake under attack on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let app: FastifyInstance;
  let keys: RoleKeys;
  let car: Buffer;

  const submit = (apiKey: string, payload: Buffer) =>
    app.inject({ method: "POST", url: "/v1/transactions", headers: { ...bearer(apiKey), ...EBTS }, payload });
  const issue = async (ori: string, role: "LEA" | "SIB") =>
    (await createHubStorage(handle.db).apiKeys.issue(ori, role)).apiKey;

  beforeAll(async () => {
    handle = await backend.open();
    car = Buffer.from(bookingFile("sketch"));
    app = testApi(handle);
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    keys = await issueRoleKeys(handle);
    await seedDirectory(handle);
  });

  describe("finding 1: booking in another agency's name", () => {
    it("refuses another LEA, and a SIB without the state's agreement, with 403 and an audit event", async () => {
      const lea = knownBooking().agencyOri;
      for (const [ori, role] of [
        [OTHER_LEA_ORI, "LEA"],
        [OTHER_SIB_ORI, "SIB"],
      ] as const) {
        const response = await submit(await issue(ori, role), car);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ error: "forbidden" });
        expect(response.json().message).toContain(`2.073 CRI) is ${lea}, not the submitter ${ori}`);
      }
      expect(await transactionCount(handle)).toBe(0);
      const refused = await createHubStorage(handle.db).audit.query({ action: "SUBMISSION_REFUSED" });
      expect(refused.map((event) => event.ori).sort()).toEqual([OTHER_LEA_ORI, OTHER_SIB_ORI].sort());
      expect(refused[0]?.details).toMatchObject({ leaOri: lea });
    });

    it("refuses a SIB whose agreement has ended, and one booking for an agency the directory does not know", async () => {
      await createHubStorage(handle.db).directory.putAgreement({
        sibOri: SIB_ORI,
        state: "VA",
        signedOn: "2008-10-27",
        terminatedOn: "2010-01-01",
      });
      const ended = await submit(keys.SIB, car);
      expect(ended.statusCode).toBe(403);
      expect(ended.json().message).toContain("no SIB agreement in force for VA");
      await resetTables(handle);
      keys = await issueRoleKeys(handle);
      const unknown = await submit(keys.SIB, car);
      expect(unknown.statusCode).toBe(403);
      expect(unknown.json().message).toContain("the directory does not know agency");
      expect(await transactionCount(handle)).toBe(0);
    });

    it("accepts the booking agency itself and the SIB under its state's agreement", async () => {
      expect((await submit(keys.LEA, car)).statusCode).toBe(202);
      await resetTables(handle);
      keys = await issueRoleKeys(handle);
      await seedDirectory(handle);
      expect((await submit(keys.SIB, car)).statusCode).toBe(202);
    });
  });
});
