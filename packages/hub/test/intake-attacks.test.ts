import {
  getValuesByMnemonic,
  type NistTransaction,
  parseTransaction,
  serializeTransaction,
} from "@tenprint/nist";
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

/** The file with the subfields of Type-2 field `number` replaced. */
function withType2Subfields(file: Uint8Array, number: number, subfields: string[][]): Buffer {
  const transaction = parseTransaction(file);
  const records = transaction.records.map((record) =>
    record.kind === "tagged" && record.type === 2
      ? {
          ...record,
          fields: record.fields.map((field) =>
            field.kind === "text" && field.number === number ? { ...field, subfields } : field,
          ),
        }
      : record,
  );
  return Buffer.from(serializeTransaction({ ...transaction, records } as NistTransaction));
}

/** The same booking (same TCN) with another name in 2.018 NAM: a different file that is still valid. */
function withOtherName(file: Uint8Array): Buffer {
  return withType2Subfields(file, 18, [["DOE,JOHN"]]);
}

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

  describe("finding 2: TCNs per submitter and content", () => {
    it("answers a byte-identical resubmission with the first transaction and a changed file with 409", async () => {
      const first = await submit(keys.SIB, car);
      expect(first.statusCode).toBe(202);
      const again = await submit(keys.SIB, car);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ id: first.json().id, created: false });
      const other = withOtherName(car);
      expect(other.equals(car)).toBe(false);
      const changed = await submit(keys.SIB, other);
      expect(changed.statusCode).toBe(409);
      expect(changed.json().error).toBe("conflict");
      expect(changed.json().message).toContain(`TCN ${knownBooking().tcn} was submitted before`);
      expect(await transactionCount(handle)).toBe(1);
      const [reused] = await createHubStorage(handle.db).audit.query({ action: "SUBMISSION_TCN_REUSED" });
      expect(reused).toMatchObject({ ori: SIB_ORI, object: `transaction:${first.json().id}` });
    });

    it("gives another submitter's same TCN its own transaction and nothing of the first", async () => {
      // The SIB claims the TCN first; the booking agency itself then submits under the same TCN.
      const claimed = await submit(keys.SIB, withOtherName(car));
      expect(claimed.statusCode).toBe(202);
      const own = await submit(keys.LEA, car);
      expect(own.statusCode).toBe(202);
      expect(own.json()).toMatchObject({ created: true, tcn: knownBooking().tcn });
      expect(own.json().id).not.toBe(claimed.json().id);
      expect(await transactionCount(handle)).toBe(2);
      const again = await submit(keys.LEA, car);
      expect(again.json()).toMatchObject({ id: own.json().id, created: false });
    });
  });

  describe("finding 3: validation bounded and off the request thread", () => {
    it("answers a file of 40,000 bad subfields with the first problems and their count, /health meanwhile", async () => {
      const hostile = withType2Subfields(
        car,
        18,
        Array.from({ length: 40_000 }, () => ["@"]),
      );
      const order: string[] = [];
      const submitted = submit(keys.SIB, hostile).then((response) => {
        order.push("submission");
        return response;
      });
      // Validation ran on the request thread: /health waited for it (16.7 s in the issue).
      await new Promise((resolve) => setTimeout(resolve, 50));
      const health = await app.inject({ url: "/health" });
      order.push("health");
      expect(health.statusCode).toBe(200);
      const response = await submitted;
      expect(order).toEqual(["health", "submission"]);
      expect(response.statusCode).toBe(422);
      const body = response.json();
      expect(body.errors.length).toBeLessThanOrEqual(100);
      expect(body.errorCount).toBeGreaterThanOrEqual(40_000);
      expect(body.message).toContain(`rejected with ${body.errorCount} error(s)`);
      expect(response.body.length).toBeLessThan(100_000);
      const errt = await createHubStorage(handle.db).outbox.get(body.errtMessageId);
      expect(errt?.payload?.length ?? 0).toBeLessThan(20_000);
      expect(errt?.payloadJson).toMatchObject({ errors: body.errorCount });
      const lines = getValuesByMnemonic(parseTransaction(errt?.payload ?? new Uint8Array()), "MSG", 2);
      expect(lines.at(-1)).toBe(`and ${body.errorCount - 10} more problems`);
    });

    it("answers 200,000 subfields of 3 items with 422, not a 500", async () => {
      const hostile = withType2Subfields(
        car,
        47,
        Array.from({ length: 200_000 }, () => ["20990101", "X", "Y"]),
      );
      const response = await submit(keys.SIB, hostile);
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toBe("invalid_ebts");
    });
  });
});
