import {
  getValuesByMnemonic,
  type NistTransaction,
  parseTransaction,
  serializeTransaction,
} from "@tenprint/nist";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHubStorage, type HubDatabaseHandle, SubmissionWorker } from "../src/index.js";
import {
  bearer,
  issueRoleKeys,
  OTHER_LEA_ORI,
  OTHER_SIB_ORI,
  type RoleKeys,
  SIB_ORI,
  testApi,
} from "./api-harness.js";
import { bookingFile, HUB_ORI, knownBooking, seedDirectory, tinyGallery } from "./services-fixtures.js";
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

/** The file with the first Type-14 image's WSQ data (and optionally its 14.006/14.007) changed. */
function withFirstImage(file: Uint8Array, change: (wsq: Uint8Array) => void, lineLengths?: string): Buffer {
  const transaction = parseTransaction(file);
  let done = false;
  const records = transaction.records.map((record) => {
    if (done || record.kind !== "tagged" || record.type !== 14) return record;
    done = true;
    return {
      ...record,
      fields: record.fields.map((field) => {
        if (field.kind === "data") {
          const data = new Uint8Array(field.data);
          change(data);
          return { ...field, data };
        }
        if (lineLengths !== undefined && field.kind === "text" && (field.number === 6 || field.number === 7))
          return { ...field, subfields: [[lineLengths]] };
        return field;
      }),
    };
  });
  return Buffer.from(serializeTransaction({ ...transaction, records } as NistTransaction));
}

/** Offset of the WSQ frame header (SOF, FFA2), walking the marker segments as a decoder does. */
function wsqFrameOffset(wsq: Uint8Array): number {
  let at = 2;
  while (at + 10 <= wsq.length && wsq[at] === 0xff) {
    if (wsq[at + 1] === 0xa2) return at;
    at += 2 + (((wsq[at + 2] ?? 0) << 8) | (wsq[at + 3] ?? 0));
  }
  throw new Error("no WSQ frame header");
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

  describe("finding 5: a booking whose images fail ends in a terminal state", () => {
    it("refuses a WSQ frame declared 60000 x 60000 before accepting the booking (422)", async () => {
      const huge = withFirstImage(
        car,
        (wsq) => {
          const sof = wsqFrameOffset(wsq);
          for (const at of [sof + 6, sof + 8]) {
            wsq[at] = 60_000 >> 8;
            wsq[at + 1] = 60_000 & 0xff;
          }
        },
        "60000",
      );
      const response = await submit(keys.SIB, huge);
      expect(response.statusCode).toBe(422);
      expect(response.json().message).toContain("60000 is outside");
      expect(await transactionCount(handle)).toBe(0);
    });

    it("ends a booking whose WSQ data is corrupt FAILED, with an ERRT and an audit event the API shows", async () => {
      const corrupt = withFirstImage(car, (wsq) => {
        // Past the headers, the entropy-coded data: a run of markers no decoder accepts.
        for (let at = Math.floor(wsq.length * 0.5); at < Math.floor(wsq.length * 0.8); at++) wsq[at] = 0xff;
      });
      const accepted = await submit(keys.SIB, corrupt);
      expect(accepted.statusCode).toBe(202);
      const id = accepted.json().id;
      const gallery = await tinyGallery(2);
      try {
        const worker = new SubmissionWorker(handle.db, {
          hubOri: HUB_ORI,
          criminal: gallery.repository,
          ident: gallery.repository,
        });
        expect(await worker.processNext("w1")).toMatchObject({ kind: "done", status: "FAILED" });
      } finally {
        await gallery.close();
      }
      const view = await app.inject({
        url: `/v1/transactions/${id}`,
        headers: { ...bearer(keys.SIB), "x-purpose": "booking status" },
      });
      expect(view.json()).toMatchObject({ state: "FAILED" });
      const storage = createHubStorage(handle.db);
      const errts = (await storage.outbox.listForRecipient(SIB_ORI)).filter((m) => m.type === "ERRT");
      expect(errts).toHaveLength(1);
      expect(errts[0]).toMatchObject({ transactionId: id });
      const msg = getValuesByMnemonic(parseTransaction(errts[0]?.payload ?? new Uint8Array()), "MSG", 2);
      expect(msg.join(" ")).toContain("cannot be decoded");
      const [failed] = await storage.audit.query({ action: "SUBMISSION_FAILED" });
      expect(failed?.details).toMatchObject({ from: "VALIDATED" });
    });

    it("ends a booking FAILED once its search has failed on every attempt, whatever the error", async () => {
      const accepted = await submit(keys.SIB, car);
      const id = accepted.json().id;
      await sql`update jobs set max_attempts = 1`.execute(handle.db);
      const gallery = await tinyGallery(2);
      try {
        const worker = new SubmissionWorker(handle.db, {
          hubOri: HUB_ORI,
          criminal: gallery.repository,
          ident: gallery.repository,
          probes: {
            probe: async () => {
              throw new Error("the extraction host is unreachable");
            },
          },
        });
        expect(await worker.processNext("w1")).toMatchObject({ kind: "failed", jobStatus: "failed" });
      } finally {
        await gallery.close();
      }
      const stored = await createHubStorage(handle.db).transactions.get(id);
      expect(stored?.state).toBe("FAILED");
      expect(String(stored?.stateData.failure)).toContain("the extraction host is unreachable");
      const errts = await createHubStorage(handle.db).outbox.listForRecipient(SIB_ORI);
      expect(errts.filter((m) => m.type === "ERRT" && m.transactionId === id)).toHaveLength(1);
    });
  });
});
