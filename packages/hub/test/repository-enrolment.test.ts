import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeAnsi378, writeIso19794_2 } from "@tenprint/afis";
import {
  encodeWsq,
  getTextByMnemonic,
  type NistTransaction,
  parseTransaction,
  serializeTransaction,
} from "@tenprint/nist";
import {
  bookingCar,
  bookingFingerImages,
  engineRenderer,
  generatePopulation,
  type ImageEncoder,
  type ImpressionRenderer,
  type Person,
  sketchRenderer,
  syntheticTemplate,
} from "@tenprint/synth";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnrolmentItem, EnrolmentReject } from "../src/enrolment/enrolment-sources.js";
import {
  createHubStorage,
  ExtractionPool,
  enrolmentWriter,
  enrolRepository,
  type HubDatabaseHandle,
  HubRuntime,
  listEnrolmentFiles,
  openHubDatabase,
  readEnrolmentItems,
  verifyAuditChain,
} from "../src/index.js";
import { knownBooking, personOf, runUntilIdle, SIB_ORI, seedDirectory } from "./services-fixtures.js";
import { POSTGRES_TEST_URL } from "./storage-backends.js";

/**
 * Issue 19: bulk enrolment from EBTS files and from ISO/ANSI templates on PostgreSQL, resumable and
 * idempotent, malformed files rejected whole with where; then a booking of an enrolled person is an
 * ident, and after the record's expungement the same booking (new TCN) is a non-ident. The counts are
 * configurable: CI runs TENPRINT_TEST_ENROL_EBTS=20 and TENPRINT_TEST_ENROL_TEMPLATES=10000 by default;
 * the 1,000 EBTS identities are too slow for every run (each image is extracted).
 */
const EBTS_COUNT = Number(process.env.TENPRINT_TEST_ENROL_EBTS ?? 20);
const TEMPLATE_COUNT = Number(process.env.TENPRINT_TEST_ENROL_TEMPLATES ?? 10_000);
const SEED = 19;
/** Records per transaction: about twenty batches, so an interruption at half leaves some committed. */
const BATCH = Math.max(5, Math.min(500, Math.floor((EBTS_COUNT + TEMPLATE_COUNT) / 20)));
const wsq: ImageEncoder = (image) => ({ compression: "WSQ20", data: encodeWsq(image, { bitrate: 0.75 }) });

function withTcn(file: Uint8Array, tcn: string): Uint8Array {
  const transaction = parseTransaction(file);
  const [header, ...rest] = transaction.records;
  if (header?.kind !== "tagged") throw new Error("no Type-1 record");
  const fields = header.fields.map((field) =>
    field.kind === "text" && field.number === 9 ? { ...field, subfields: [[tcn]] } : field,
  );
  return serializeTransaction({
    ...transaction,
    records: [{ ...header, fields }, ...rest],
  } as NistTransaction);
}

/** A criminal record as its EBTS file: the person's first rolled impressions, 2.014 the FBI number. */
function ebtsRecord(
  person: Person,
  fbiNumber: string,
  render: ImpressionRenderer = sketchRenderer,
): Uint8Array {
  const booking = knownBooking();
  return serializeTransaction(
    bookingCar(
      {
        ...booking,
        tcn: `SYNENROL${fbiNumber}`,
        subject: {
          ...booking.subject,
          name: person.name,
          dateOfBirth: person.dateOfBirth,
          sex: person.sex,
          fbiNumber,
        },
      },
      bookingFingerImages(person, 1, render, wsq),
    ),
  );
}

function templateRecord(index: number): string {
  const identity = `TPL${String(index).padStart(7, "0")}`;
  return JSON.stringify({
    identity,
    synthetic: true,
    name: { surname: "TEMPLATE", given: `PERSON ${index}` },
    dateOfBirth: "19800101",
    sex: index % 2 === 0 ? "M" : "F",
    criminalHistory: [],
    prints: Array.from({ length: 10 }, (_, f) => {
      const template = syntheticTemplate({ seed: SEED, identity: index, finger: f + 1, impression: 1 });
      const bytes =
        index % 2 === 0
          ? writeIso19794_2(template, { position: f + 1 })
          : writeAnsi378(template, { position: f + 1 });
      return { position: f + 1, base64: Buffer.from(bytes).toString("base64") };
    }),
  });
}

async function collect(files: string[]): Promise<EnrolmentItem[]> {
  const items: EnrolmentItem[] = [];
  for await (const item of readEnrolmentItems(files, "criminal")) items.push(item);
  return items;
}

describe("repository enrolment and expungement on PostgreSQL", () => {
  const database = `tenprint_enrol_${process.pid}_${randomBytes(3).toString("hex")}`;
  const folder = mkdtempSync(join(tmpdir(), "tenprint-enrol-"));
  const admin = POSTGRES_TEST_URL;
  let handle: HubDatabaseHandle;
  let pool: ExtractionPool | undefined;
  const known = personOf(knownBooking());
  const knownFbi = known.fbiNumber ?? "424242SH2";
  const malformed = new Set<string>();
  let knownCar: Uint8Array;

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${database}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${database}`;
    handle = await openHubDatabase({ databaseUrl: url.toString(), maxConnections: 4 });
    // EBTS files: the known arrestee and others of a generated population.
    const people = generatePopulation({
      people: Math.max(1, EBTS_COUNT - 1),
      seed: "enrol-test",
      states: ["VA"],
    }).people;
    // The searched person's prints are generated (sketch-rendered people resemble each other too much
    // to be told apart in a gallery of thousands); the booking is their second impression.
    const engine = engineRenderer();
    writeFileSync(join(folder, "a-known.eft"), ebtsRecord(known, knownFbi, engine));
    knownCar = serializeTransaction(bookingCar(knownBooking(), bookingFingerImages(known, 2, engine, wsq)));
    for (let i = 0; i < EBTS_COUNT - 1; i++)
      writeFileSync(
        join(folder, `b-${i}.eft`),
        ebtsRecord(people[i]!, `${String(i).padStart(6, "0")}EN${i % 10}`),
      );
    // Templates: ISO and ANSI records, base64 in one JSON line per record.
    const lines: string[] = [];
    for (let i = 0; i < TEMPLATE_COUNT; i++) lines.push(templateRecord(i));
    writeFileSync(join(folder, "c-templates.jsonl"), `${lines.join("\n")}\n`);
    // Malformed: a truncated EBTS file, a template that is not one, a record without a name, a duplicate.
    const good = ebtsRecord(people[0]!, "999999EN9");
    writeFileSync(join(folder, "d-truncated.eft"), good.subarray(0, Math.floor(good.length / 2)));
    const badTemplate = JSON.parse(templateRecord(TEMPLATE_COUNT + 1));
    badTemplate.identity = "BADTPL";
    badTemplate.prints[3].base64 = Buffer.from("FMR\0 20\0garbage-bytes-here-and-more").toString("base64");
    const noName = JSON.parse(templateRecord(TEMPLATE_COUNT + 2));
    noName.identity = "NONAME";
    delete noName.name;
    writeFileSync(
      join(folder, "e-bad.jsonl"),
      [JSON.stringify(badTemplate), JSON.stringify(noName), "{not json", templateRecord(0)].join("\n"),
    );
    for (const id of ["BADTPL", "NONAME", "999999EN9"]) malformed.add(id);
  }, 600_000);

  afterAll(async () => {
    await pool?.close();
    await handle?.close();
    rmSync(folder, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`drop database if exists ${database} with (force)`);
    await client.end();
  });

  it("enrols every record once, resumes after an interruption, and rejects malformed files whole with where", async () => {
    const files = await listEnrolmentFiles([folder]);
    const extraction = () => {
      pool ??= new ExtractionPool(2);
      return pool;
    };
    const write = enrolmentWriter(handle.db, "criminal");
    // Interrupted after about half the records: what committed stays, the batch in flight is lost.
    const half = Math.floor((EBTS_COUNT + TEMPLATE_COUNT) / 2);
    async function* interrupted() {
      let n = 0;
      for await (const item of readEnrolmentItems(files, "criminal")) {
        if (n++ === half) throw new Error("killed");
        yield item;
      }
    }
    await expect(
      enrolRepository(interrupted(), {
        db: handle.db,
        repository: "criminal",
        write,
        extraction,
        batchSize: BATCH,
      }),
    ).rejects.toThrow("killed");
    const partial = await createHubStorage(handle.db).subjects.count("criminal");
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(EBTS_COUNT + TEMPLATE_COUNT);

    const rejects: EnrolmentReject[] = [];
    const started = performance.now();
    const counts = await enrolRepository(readEnrolmentItems(files, "criminal"), {
      db: handle.db,
      repository: "criminal",
      write,
      extraction,
      batchSize: BATCH,
      onReject: (reject) => rejects.push(reject),
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`enrolment resumed: ${JSON.stringify(counts)} in ${seconds.toFixed(1)} s\n`);
    expect(counts.enrolled + counts.alreadyEnrolled).toBe(EBTS_COUNT + TEMPLATE_COUNT);
    expect(counts.alreadyEnrolled).toBe(partial);
    expect(await createHubStorage(handle.db).subjects.count("criminal")).toBe(EBTS_COUNT + TEMPLATE_COUNT);
    expect(await createHubStorage(handle.db).gallery.countIdentities("criminal")).toBe(
      EBTS_COUNT + TEMPLATE_COUNT,
    );

    // Every malformed record is rejected with where, and nothing of it is stored.
    const byReason = rejects.map(
      (r) => `${r.path.split("/").pop()} ${r.recordId ?? "-"} @ ${r.location}: ${r.reason}`,
    );
    expect(rejects).toHaveLength(5);
    expect(byReason.find((r) => r.startsWith("d-truncated.eft"))).toMatch(/record|byte|field/);
    expect(rejects.find((r) => r.recordId === "BADTPL")?.location).toMatch(/^\$\.prints\[3\]/);
    expect(rejects.find((r) => r.recordId === "NONAME")?.location).toBe("$.name");
    expect(rejects.find((r) => r.path.endsWith("e-bad.jsonl:3"))?.reason).toMatch(/not JSON/);
    expect(rejects.find((r) => r.recordId === "TPL0000000")?.reason).toMatch(/given twice/);
    const stored = await handle.db
      .selectFrom("gallery_templates")
      .select("identity")
      .where("identity", "in", [...malformed])
      .execute();
    expect(stored).toEqual([]);

    // A third run changes nothing.
    const again = await enrolRepository(readEnrolmentItems(files, "criminal"), {
      db: handle.db,
      repository: "criminal",
      write,
      extraction,
    });
    expect(again.enrolled).toBe(0);
    expect(again.alreadyEnrolled).toBe(EBTS_COUNT + TEMPLATE_COUNT);
    const items = await collect(files);
    expect(items.filter((item) => item.kind === "candidate")).toHaveLength(EBTS_COUNT + TEMPLATE_COUNT + 1);
  }, 1_200_000);

  it("identifies an enrolled person's booking, and after the expungement the same booking is a non-ident", async () => {
    const hub = await HubRuntime.attach(
      { ...handle, close: async () => {} },
      { searchThreads: 0, extractionThreads: 0 },
    );
    try {
      await seedDirectory(hub);
      const storage = createHubStorage(hub.db);
      const car = knownCar;
      const first = await hub.submissions.submit(car, { submitterOri: SIB_ORI });
      await runUntilIdle(hub);
      const sre = async (transactionId: string) => {
        const messages = await storage.outbox.listForTransaction(transactionId);
        const message = messages.find((m) => m.type === "SRE");
        return message?.payload ? parseTransaction(message.payload) : undefined;
      };
      const identified = await sre(first.transactionId ?? "");
      expect(identified && getTextByMnemonic(identified, "SRF", 2)).toBe("I");
      expect(identified && getTextByMnemonic(identified, "FBI", 2)).toBe(knownFbi);

      const outcome = await hub.records.expunge("criminal", knownFbi, {
        actor: "test:clerk",
        actorOri: "WVIAFIS0Z",
        reason: "expungement order",
        authority: "Circuit Court of Fairfax County",
        reference: "CL-2026-0042",
      });
      expect(outcome.tombstone).toMatchObject({ action: "EXPUNGED", identity: knownFbi, changed: [] });
      for (const table of ["gallery_templates", "subject_records", "enrolled_prints"] as const) {
        const rows = await hub.db
          .selectFrom(table)
          .select("identity")
          .where("identity", "=", knownFbi)
          .execute();
        expect(rows).toEqual([]);
      }
      const again = await hub.submissions.submit(withTcn(car, "SYNAFTEREXPUNGE01"), {
        submitterOri: SIB_ORI,
      });
      await runUntilIdle(hub);
      const nonIdent = await sre(again.transactionId ?? "");
      const answer =
        nonIdent && `${getTextByMnemonic(nonIdent, "SRF", 2)} ${getTextByMnemonic(nonIdent, "FBI", 2) ?? ""}`;
      expect(answer?.trim()).toBe("N");
      // The expunged identity is never enrolled again by a later bulk load.
      const rejects: EnrolmentReject[] = [];
      await enrolRepository(readEnrolmentItems([join(folder, "a-known.eft")], "criminal"), {
        db: hub.db,
        repository: "criminal",
        write: enrolmentWriter(hub.db, "criminal"),
        onReject: (reject) => rejects.push(reject),
      });
      expect(rejects[0]?.reason).toMatch(/expunged/);
      const audit = await storage.audit.query({ action: "RECORD_EXPUNGED" });
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit[0]?.details)).not.toMatch(/template|wsq/i);
      expect((await verifyAuditChain(hub.db)).ok).toBe(true);
    } finally {
      await hub.close();
    }
  }, 600_000);
});
