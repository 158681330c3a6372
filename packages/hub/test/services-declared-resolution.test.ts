import { getTextByMnemonic, parseTransaction } from "@tenprint/nist";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BiometricRepository,
  createHubStorage,
  type HubDatabaseHandle,
  SubmissionService,
  SubmissionWorker,
} from "../src/index.js";
import { probeImages } from "../src/services/submission-probe.js";
import {
  bookingFile,
  engineRender,
  fixedRouting,
  HUB_ORI,
  knownBooking,
  personOf,
  SUBMITTER_ORI,
  seedDirectory,
  tinyGallery,
} from "./services-fixtures.js";
import { BACKENDS } from "./storage-backends.js";

/**
 * A booking scanned at 1000 ppi: the arrestee's engine-rendered prints resampled to 1000 ppi and declared
 * so. The galleries hold the arrestee's 500 ppi rolled prints among template-level distractors; the hub
 * must read the declared resolution, let extraction bring the prints to 500 ppi, and identify them.
 */
const galleries: { close: () => Promise<void> }[] = [];
let car: Uint8Array;
let criminal: BiometricRepository;
let ident: BiometricRepository;
const fin = "FIN00001000";

beforeAll(async () => {
  car = bookingFile("engine", 1000);
  const person = personOf(knownBooking());
  const render = engineRender();
  const criminalGallery = await tinyGallery(20, { person, render });
  const identGallery = await tinyGallery(20, { person, render, fin });
  galleries.push(criminalGallery, identGallery);
  criminal = criminalGallery.repository;
  ident = identGallery.repository;
}, 300_000);
afterAll(async () => {
  for (const gallery of galleries) await gallery.close();
});

describe.each(BACKENDS)("a 1000 ppi booking on $name", (backend) => {
  let handle: HubDatabaseHandle;

  beforeAll(async () => {
    handle = await backend.open();
    await seedDirectory(handle);
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
  });

  it("is read at its declared 1000 ppi and identifies its person in both repositories", async () => {
    const parsed = parseTransaction(car);
    expect(probeImages(parsed).map((image) => image.ppi)).toEqual(Array(10).fill(1000));
    const service = new SubmissionService(handle.db, { hubOri: HUB_ORI, routing: fixedRouting(true) });
    const worker = new SubmissionWorker(handle.db, { hubOri: HUB_ORI, criminal, ident });
    const { transactionId = "" } = await service.submit(car, { submitterOri: SUBMITTER_ORI });
    expect(await worker.processNext("w1")).toMatchObject({ work: "CRIMINAL_SEARCH" });
    expect(await worker.processNext("w1")).toMatchObject({ work: "IDENT_SEARCH", status: "IDENT_SEARCHED" });
    const storage = createHubStorage(handle.db);
    const messages = await storage.outbox.listForTransaction(transactionId);
    const idr = messages.find((m) => m.type === "IDR");
    expect(getTextByMnemonic(parseTransaction(idr?.payload ?? new Uint8Array()), "FIN", 2)).toBe(fin);
    const person = personOf(knownBooking());
    expect((await storage.transactions.get(transactionId))?.stateData).toMatchObject({
      criminalMatch: { identity: person.id },
      identMatch: { identity: person.id },
    });
  }, 120_000);
});
