import { type EnrolledFinger, extractTemplate, type ProbeFinger } from "@tenprint/afis";
import { getTextByMnemonic, parseTransaction } from "@tenprint/nist";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type BiometricRepository,
  createHubStorage,
  type HubDatabaseHandle,
  StoredRequests,
  SubmissionService,
  SubmissionWorker,
  verifyAuditChain,
} from "../src/index.js";
import type { RoutingResolver } from "../src/services/submission-service.js";
import {
  bookingFile,
  engineRender,
  fixedRouting,
  HUB_ORI,
  knownBooking,
  manualClock,
  personOf,
  SUBMITTER_ORI,
  seedDirectory,
  strangers,
  tinyGallery,
} from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

/** Counts searches and can be told to fail the next one (a crashed matcher, a lost worker thread). */
function instrumented(
  inner: BiometricRepository,
): BiometricRepository & { searches: number; failNext: boolean } {
  const wrapper = {
    searches: 0,
    failNext: false,
    enrol: inner.enrol.bind(inner),
    get: inner.get.bind(inner),
    async identify(probe: readonly ProbeFinger[]) {
      wrapper.searches++;
      if (wrapper.failNext) {
        wrapper.failNext = false;
        throw new Error("matcher worker exited");
      }
      return inner.identify(probe);
    },
  };
  return wrapper;
}

const galleries: { close: () => Promise<void> }[] = [];
let sketchCar: Uint8Array;
let distractors: BiometricRepository;

beforeAll(async () => {
  sketchCar = bookingFile("sketch");
  const gallery = await tinyGallery(20);
  galleries.push(gallery);
  distractors = gallery.repository;
}, 120_000);
afterAll(async () => {
  for (const gallery of galleries) await gallery.close();
});

function responseText(
  payload: Uint8Array | null | undefined,
  mnemonic: string,
  recordType = 2,
): string | undefined {
  return getTextByMnemonic(parseTransaction(payload ?? new Uint8Array()), mnemonic, recordType);
}

describe.each(BACKENDS)("submission worker on $name", (backend) => {
  let handle: HubDatabaseHandle;

  beforeAll(async () => {
    handle = await backend.open();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    await seedDirectory(handle);
  });

  function hub(
    routing: RoutingResolver,
    criminal: BiometricRepository,
    ident: BiometricRepository = criminal,
  ) {
    const clock = manualClock();
    return {
      clock,
      service: new SubmissionService(handle.db, { hubOri: HUB_ORI, routing, clock: clock.now }),
      worker: new SubmissionWorker(handle.db, { hubOri: HUB_ORI, criminal, ident, clock: clock.now }),
      storage: createHubStorage(handle.db, { clock: clock.now }),
    };
  }

  it("searches the criminal repository and closes a non-activated booking with an SRE", async () => {
    const criminal = instrumented(distractors);
    const { service, worker, storage } = hub(fixedRouting(false), criminal);
    const { transactionId = "" } = await service.submit(sketchCar, { submitterOri: SUBMITTER_ORI });
    const outcome = await worker.processNext("w1");
    expect(outcome).toMatchObject({ kind: "done", work: "CRIMINAL_SEARCH", transactionId, status: "CLOSED" });
    expect(await worker.processNext("w1")).toEqual({ kind: "idle" });
    expect(criminal.searches).toBe(1);
    const [sre, ...others] = await storage.outbox.listForTransaction(transactionId);
    expect(others).toEqual([]);
    expect(sre).toMatchObject({ type: "SRE", recipientOri: SUBMITTER_ORI, status: "pending" });
    expect(sre?.payloadJson).toMatchObject({ srf: "N", match: false });
    expect(responseText(sre?.payload, "SRF")).toBe("N");
    expect(responseText(sre?.payload, "TCR", 1)).toBe(knownBooking().tcn);
    expect(await storage.transactions.get(transactionId)).toMatchObject({
      state: "CLOSED",
      stateData: { outcome: "NOT_ACTIVATED", criminalMatch: null },
    });
    const audit = await storage.audit.query({ actor: "worker:w1" });
    expect(audit.map((e) => [e.action, e.ori])).toEqual([
      ["CRIMINAL_SEARCHED", HUB_ORI],
      ["SUBMISSION_CLOSED", HUB_ORI],
    ]);
    // The search is done; the retained non-ident arrest now waits to establish its criminal record.
    expect(await storage.queue.countByStatus()).toMatchObject({ pending: 1, done: 1 });
    const [enrolment] = await handle.db
      .selectFrom("jobs")
      .select("kind")
      .where("status", "=", "pending")
      .execute();
    expect(enrolment?.kind).toBe("ENROL_ARREST");
  });

  it("reads and parses a booking's request once for both its searches, and keeps the audit chain valid", async () => {
    const clock = manualClock();
    const requests = new StoredRequests();
    const service = new SubmissionService(handle.db, {
      hubOri: HUB_ORI,
      routing: fixedRouting(true),
      clock: clock.now,
    });
    const worker = new SubmissionWorker(handle.db, {
      hubOri: HUB_ORI,
      criminal: distractors,
      ident: distractors,
      clock: clock.now,
      requests,
    });
    const { transactionId = "" } = await service.submit(sketchCar, { submitterOri: SUBMITTER_ORI });
    expect(await worker.processNext("w1")).toMatchObject({ work: "CRIMINAL_SEARCH" });
    // Were the IDENT step to read the stored request again, it would find none and fail.
    await handle.db
      .updateTable("transactions")
      .set({ request: null })
      .where("id", "=", transactionId)
      .execute();
    expect(await worker.processNext("w1")).toMatchObject({ work: "IDENT_SEARCH", status: "CLOSED" });
    expect(await new StoredRequests().read(createHubStorage(handle.db), transactionId)).toBeUndefined();
    const audit = await createHubStorage(handle.db).audit.query({ object: `transaction:${transactionId}` });
    expect(audit.map((e) => e.action)).toContain("IDENT_SEARCHED");
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  it("searches IDENT for an activated jurisdiction and records the IDR suppressed when receipt is off", async () => {
    const { service, worker, storage } = hub(fixedRouting(true, { idr: false, iar: true }), distractors);
    const { transactionId = "" } = await service.submit(sketchCar, { submitterOri: SUBMITTER_ORI });
    expect(await worker.processNext("w1")).toMatchObject({
      work: "CRIMINAL_SEARCH",
      status: "CRIMINAL_SEARCHED",
    });
    expect(await worker.processNext("w1")).toMatchObject({ work: "IDENT_SEARCH", status: "CLOSED" });
    // The manual clock stamps both messages at the same instant, so their listing order is by id.
    const messages = await storage.outbox.listForTransaction(transactionId);
    expect(messages.map((m) => [m.type, m.status]).sort()).toEqual([
      ["IDR", "suppressed"],
      ["SRE", "pending"],
    ]);
    expect(responseText(messages.find((m) => m.type === "IDR")?.payload, "SRF")).toBe("N");
    const [searched] = await storage.audit.query({ action: "IDENT_SEARCHED" });
    expect(searched?.details).toMatchObject({ match: false, idrDelivery: "suppressed" });
    expect(await storage.transactions.get(transactionId)).toMatchObject({
      state: "CLOSED",
      stateData: { outcome: "IDENT_NO_MATCH" },
    });
  });

  it("leaves no partial state when a search throws, and completes on the retry", async () => {
    const criminal = instrumented(distractors);
    const { service, worker, storage, clock } = hub(fixedRouting(false), criminal);
    const { transactionId = "" } = await service.submit(sketchCar, { submitterOri: SUBMITTER_ORI });
    criminal.failNext = true;
    const failed = await worker.processNext("w1");
    expect(failed).toMatchObject({ kind: "failed", work: "CRIMINAL_SEARCH", jobStatus: "pending" });
    expect(await storage.transactions.get(transactionId)).toMatchObject({ state: "VALIDATED", version: 1 });
    expect(await storage.outbox.listForTransaction(transactionId)).toEqual([]);
    expect((await storage.audit.query({})).map((e) => e.action)).toEqual([
      "SUBMISSION_RECEIVED",
      "SUBMISSION_VALIDATED",
    ]);
    expect(await worker.processNext("w2")).toEqual({ kind: "idle" });
    clock.advance(60_000);
    expect(await worker.processNext("w2")).toMatchObject({ kind: "done", status: "CLOSED" });
    expect(criminal.searches).toBe(2);
    expect((await storage.outbox.listForTransaction(transactionId)).map((m) => m.type)).toEqual(["SRE"]);
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  it("completes a replayed search job without searching again", async () => {
    const criminal = instrumented(distractors);
    const { service, worker, storage } = hub(fixedRouting(false), criminal);
    const { transactionId = "" } = await service.submit(sketchCar, { submitterOri: SUBMITTER_ORI });
    await worker.processNext("w1");
    await storage.queue.enqueue({ kind: "CRIMINAL_SEARCH", payload: { transactionId } });
    expect(await worker.processNext("w1")).toMatchObject({ kind: "skipped", transactionId });
    expect(criminal.searches).toBe(1);
    expect(await storage.outbox.listForTransaction(transactionId)).toHaveLength(1);
  });

  it("gives one job to one of two workers racing for it", async () => {
    const criminal = instrumented(distractors);
    const { service, worker, storage } = hub(fixedRouting(false), criminal);
    const { transactionId = "" } = await service.submit(sketchCar, { submitterOri: SUBMITTER_ORI });
    const outcomes = await Promise.all([worker.processNext("a"), worker.processNext("b")]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["done", "idle"]);
    expect(criminal.searches).toBe(1);
    expect(await storage.outbox.listForTransaction(transactionId)).toHaveLength(1);
  });

  it("fails a job that names no transaction instead of crashing the worker", async () => {
    const { worker, storage } = hub(fixedRouting(false), distractors);
    await storage.queue.enqueue({ kind: "CRIMINAL_SEARCH", payload: {}, maxAttempts: 1 });
    expect(await worker.processNext("w1")).toMatchObject({ kind: "failed", jobStatus: "failed" });
  });
});

describe.each(BACKENDS)("end to end with engine-rendered prints on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let car: Uint8Array;
  let criminal: BiometricRepository;
  let ident: BiometricRepository;
  const fin = "FIN00000013";

  beforeAll(async () => {
    handle = await backend.open();
    await seedDirectory(handle);
    car = bookingFile("engine");
    const person = personOf(knownBooking());
    const render = engineRender();
    const criminalGallery = await tinyGallery(20, { person, render });
    const identGallery = await tinyGallery(20, { person, render, fin });
    galleries.push(criminalGallery, identGallery);
    criminal = criminalGallery.repository;
    ident = identGallery.repository;
  }, 300_000);
  afterAll(async () => {
    await handle?.close();
  });

  it("identifies an enrolled arrestee in both repositories: SRE ident with the FBI number, IDR with the FIN", async () => {
    const service = new SubmissionService(handle.db, { hubOri: HUB_ORI, routing: fixedRouting(true) });
    const worker = new SubmissionWorker(handle.db, { hubOri: HUB_ORI, criminal, ident });
    const { transactionId = "" } = await service.submit(car, { submitterOri: SUBMITTER_ORI });
    expect(await worker.processNext("w1")).toMatchObject({
      work: "CRIMINAL_SEARCH",
      status: "CRIMINAL_SEARCHED",
    });
    expect(await worker.processNext("w1")).toMatchObject({ work: "IDENT_SEARCH", status: "IDENT_SEARCHED" });
    const storage = createHubStorage(handle.db);
    const messages = await storage.outbox.listForTransaction(transactionId);
    expect(messages.map((m) => m.type).sort()).toEqual(["IDR", "SRE"]);
    const sre = messages.find((m) => m.type === "SRE");
    const idr = messages.find((m) => m.type === "IDR");
    const person = personOf(knownBooking());
    expect(responseText(sre?.payload, "SRF")).toBe("I");
    expect(responseText(sre?.payload, "FBI")).toBe(person.fbiNumber);
    expect(sre?.payloadJson).toMatchObject({ match: true, identity: person.id });
    expect(idr).toMatchObject({ type: "IDR", status: "pending" });
    expect(responseText(idr?.payload, "FIN")).toBe(fin);
    const stored = await storage.transactions.get(transactionId);
    expect(stored?.stateData).toMatchObject({
      status: "IDENT_SEARCHED",
      criminalMatch: { identity: person.id, gallerySize: 21 },
      identMatch: { identity: person.id },
    });
    const [next] = await storage.queue.claim({ workerId: "check", limit: 1, leaseMs: 1000 });
    expect(next?.kind).toBe("GENERATE_IAQ");
  }, 120_000);
});

let strangerTemplates: EnrolledFinger[][] | undefined;
/** Rolled prints of four people who are not the arrestee, rendered once for every backend. */
function strangerPrints(): EnrolledFinger[][] {
  const render = engineRender();
  strangerTemplates ??= strangers(4).map((person) =>
    person.fingers.map((finger) => ({
      position: finger.position,
      template: extractTemplate(render({ finger, kind: "rolled", impression: 1 })),
    })),
  );
  return strangerTemplates;
}

describe.each(BACKENDS)("no identification of an unrelated engine-rendered person on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let car: Uint8Array;
  let criminal: BiometricRepository;
  let ident: BiometricRepository;

  beforeAll(async () => {
    handle = await backend.open();
    await seedDirectory(handle);
    car = bookingFile("engine");
    // Both repositories hold other people with prints from the same renderer: the hard case, since
    // rendered rolled prints of different people score far above FVC2002 impostors.
    const criminalGallery = await tinyGallery(20);
    const identGallery = await tinyGallery(20);
    galleries.push(criminalGallery, identGallery);
    criminal = criminalGallery.repository;
    ident = identGallery.repository;
    for (const [index, fingers] of strangerPrints().entries()) {
      await criminal.enrol({ identity: `STRANGER${index}`, fbiNumber: `${index}STRNGR` }, fingers);
      await ident.enrol({ identity: `STRANGER${index}`, fin: `FIN0000009${index}` }, fingers);
    }
  }, 300_000);
  afterAll(async () => {
    await handle?.close();
  });

  it("answers SRE non-ident and IDR no match, and asks LESC nothing", async () => {
    const service = new SubmissionService(handle.db, { hubOri: HUB_ORI, routing: fixedRouting(true) });
    const worker = new SubmissionWorker(handle.db, { hubOri: HUB_ORI, criminal, ident });
    const { transactionId = "" } = await service.submit(car, { submitterOri: SUBMITTER_ORI });
    expect(await worker.processNext("w1")).toMatchObject({ work: "CRIMINAL_SEARCH" });
    expect(await worker.processNext("w1")).toMatchObject({ work: "IDENT_SEARCH", status: "CLOSED" });
    const storage = createHubStorage(handle.db);
    const messages = await storage.outbox.listForTransaction(transactionId);
    expect(messages.map((m) => m.type).sort()).toEqual(["IDR", "SRE"]);
    for (const message of messages) {
      expect(responseText(message.payload, "SRF")).toBe("N");
      expect(message.payloadJson).toMatchObject({ match: false });
    }
    expect(await storage.transactions.get(transactionId)).toMatchObject({
      state: "CLOSED",
      stateData: { outcome: "IDENT_NO_MATCH", criminalMatch: null, identMatch: null },
    });
  }, 120_000);
});
