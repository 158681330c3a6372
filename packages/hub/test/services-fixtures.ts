import { extractTemplate, TenprintGallery } from "@tenprint/afis";
import { encodeWsq, serializeTransaction } from "@tenprint/nist";
import {
  type Booking,
  bookingCar,
  bookingFingerImages,
  engineRenderer,
  FBI_CJIS_ORI,
  generateBookings,
  generateJurisdictions,
  generatePopulation,
  type ImageEncoder,
  type ImmigrationRecord,
  type ImpressionRenderer,
  type Person,
  rescaledRenderer,
  sketchRenderer,
  syntheticTemplate,
} from "@tenprint/synth";
import { identSubjectRecord } from "../../demo/src/demo/subject-records.js";
import type { SubmissionRouting } from "../src/domain/submission-workflow.js";
import { type BiometricRepository, createHubStorage, type HubRuntime } from "../src/index.js";
import { galleryRepository } from "../src/services/biometric-repository.js";
import type { RoutingResolver } from "../src/services/submission-service.js";

/**
 * Synthetic bookings for the service tests. CARs are built once per test file (WSQ encoding and
 * rendering are the slow part) and reused: every test starts from empty tables, so one TCN serves all.
 */
export const HUB_ORI = FBI_CJIS_ORI;
export const SUBMITTER_ORI = "VA0000001";
export const ERO_ORI = "VAICE0000";

const SEED = "hub-services";
const ENROLLED_IMPRESSION = 1;
const BOOKING_IMPRESSION = 2;
const wsq: ImageEncoder = (image) => ({ compression: "WSQ20", data: encodeWsq(image, { bitrate: 0.75 }) });

interface Stream {
  readonly people: readonly Person[];
  readonly known: Booking;
}

let stream: Stream | undefined;

function syntheticStream(): Stream {
  if (stream) return stream;
  const population = generatePopulation({ people: 100, seed: SEED, states: ["VA"] });
  const jurisdictions = generateJurisdictions({ seed: SEED, states: ["VA"] });
  const bookings = generateBookings({ population, jurisdictions, seed: SEED, state: "VA" }, 5);
  const known = bookings.find((booking) => booking.truth.inCriminalRepository);
  if (!known) throw new Error("the synthetic booking stream has no arrestee in the criminal repository");
  stream = { people: population.people, known };
  return stream;
}

export function personOf(booking: Booking): Person {
  const person = syntheticStream().people.find((p) => p.id === booking.truth.personId);
  if (!person) throw new Error(`booking ${booking.tcn} names unknown person ${booking.truth.personId}`);
  return person;
}

export function knownBooking(): Booking {
  return syntheticStream().known;
}

/** Synthetic people other than the known arrestee: enrolled in their place, they must not be named. */
export function strangers(count: number): Person[] {
  const known = knownBooking().truth.personId;
  const people = syntheticStream().people.filter((p) => p.id !== known);
  if (people.length < count) throw new Error(`the synthetic population has fewer than ${count} strangers`);
  return people.slice(0, count);
}

const cars = new Map<string, Uint8Array>();

/**
 * The known arrestee's CAR with 14 WSQ images from `renderer` (cached per renderer and resolution). At a
 * `ppi` other than the renderers' 500 every print is resampled to it and declared so (14.008 SLC 1,
 * 14.009 THPS, 14.010 TVPS, and the Type-1 resolutions), as a 1000 ppi live scanner's booking would be.
 */
export function bookingFile(rendering: "sketch" | "engine", ppi = 500): Uint8Array {
  const key = `${rendering}@${ppi}`;
  const cached = cars.get(key);
  if (cached) return cached;
  const booking = knownBooking();
  const base = rendering === "sketch" ? sketchRenderer : engineRenderer();
  const render = ppi === 500 ? base : rescaledRenderer(base, ppi);
  const file = serializeTransaction(
    bookingCar(booking, bookingFingerImages(personOf(booking), BOOKING_IMPRESSION, render, wsq)),
  );
  cars.set(key, file);
  return file;
}

/** A gallery of template-level synthetic identities, optionally with the arrestee's rendered rolled prints. */
export async function tinyGallery(
  distractors: number,
  enrolled?: { person: Person; render: ImpressionRenderer; fin?: string },
): Promise<{ repository: BiometricRepository; close: () => Promise<void> }> {
  const gallery = new TenprintGallery({ workers: 0 });
  const repository = galleryRepository(gallery);
  for (let identity = 0; identity < distractors; identity++) {
    const fingers = Array.from({ length: 10 }, (_, i) => ({
      position: i + 1,
      template: syntheticTemplate({ seed: 7, identity, finger: i + 1, impression: 1 }),
    }));
    await repository.enrol({ identity: `DISTRACTOR${identity}`, fbiNumber: `${identity}SYD` }, fingers);
  }
  if (enrolled) {
    const { person, render, fin } = enrolled;
    await repository.enrol(
      {
        identity: person.id,
        ...(person.fbiNumber ? { fbiNumber: person.fbiNumber } : {}),
        ...(fin ? { fin } : {}),
      },
      person.fingers.map((finger) => ({
        position: finger.position,
        template: extractTemplate(render({ finger, kind: "rolled", impression: ENROLLED_IMPRESSION })),
      })),
    );
  }
  return { repository, close: () => gallery.close() };
}

export function engineRender(): ImpressionRenderer {
  return engineRenderer();
}

export function fixedRouting(identSearch: boolean, receipt = { idr: true, iar: true }): RoutingResolver {
  const routing: SubmissionRouting = { identSearch, receipt, eroOri: ERO_ORI };
  return async () => ({ jurisdictionId: "VA-TEST", routing });
}

/** A clock the tests move by hand (job backoff and leases depend on it). */
export function manualClock(start = "2026-03-02T10:00:00Z"): {
  now: () => Date;
  advance: (ms: number) => void;
} {
  let at = new Date(start).getTime();
  return { now: () => new Date(at), advance: (ms) => (at += ms) };
}

/** The state identification bureau that submits the known arrestee's booking, and its county. */
export const SIB_ORI = "VASIB0000";
export const JURISDICTION = "51059";

/**
 * The known arrestee as IDENT holds them. A final order from 2015 is a PEP 2014 priority (P3); one
 * before 2014 would not be. `trueStatus` differs for a citizen whose record was never updated.
 */
export function immigrationRecordOf(
  recordedStatus: ImmigrationRecord["recordedStatus"],
  trueStatus: ImmigrationRecord["trueStatus"] = recordedStatus,
): ImmigrationRecord {
  const person = personOf(knownBooking());
  return {
    synthetic: true,
    personId: person.id,
    fin: "SYNFIN000000042",
    aNumber: "912345678",
    recordedStatus,
    trueStatus,
    countryOfCitizenship: "MX",
    encounters: [
      { eid: "SYNFIN000000042-1", date: "20050301", kind: "PORT_OF_ENTRY", location: "LAREDO POE" },
      ...(recordedStatus === "FINAL_ORDER"
        ? [{ eid: "SYNFIN000000042-2", date: "20150610", kind: "REMOVAL_ORDER" as const, location: "EOIR" }]
        : []),
    ],
  };
}

/** The directory the known arrestee's booking routes through: an activated county with an ERO office. */
export async function seedDirectory(hub: Pick<HubRuntime, "db">): Promise<void> {
  const directory = createHubStorage(hub.db).directory;
  const booking = knownBooking();
  await directory.putAgency({
    ori: SIB_ORI,
    kind: "SIB",
    name: "Virginia State Police CJIS",
    parentOri: null,
  });
  await directory.putAgency({ ori: ERO_ORI, kind: "ERO", name: "ERO Washington", parentOri: null });
  await directory.putAgency({
    ori: booking.agencyOri,
    kind: "LEA",
    name: "Synthetic County Sheriff",
    parentOri: SIB_ORI,
    jurisdictionId: JURISDICTION,
    contact: { attention: "BOOKING DESK", phone: "7035550100", timeZone: "America/New_York" },
  });
  await directory.putJurisdiction({
    jurisdictionId: JURISDICTION,
    name: "Fairfax County",
    state: "VA",
    activationStatus: "ACTIVATED",
    activatedAt: new Date("2009-03-01T00:00:00Z"),
    receiptIdr: true,
    receiptIar: true,
    activation: {},
    eroOri: ERO_ORI,
  });
  // Both submitters the tests use book for the known arrestee's agency under Virginia's agreement.
  for (const sibOri of [SIB_ORI, SUBMITTER_ORI])
    await directory.putAgreement({ sibOri, state: "VA", signedOn: "2008-10-27", terminatedOn: null });
}

/**
 * Enrols the known arrestee in IDENT with sketch-rendered rolled prints (their bookings use later
 * impressions), keeping the images as WSQ for the LESC case page.
 */
export async function enrolArrestee(hub: HubRuntime, record: ImmigrationRecord): Promise<void> {
  const person = personOf(knownBooking());
  const images = person.fingers.map((finger) => ({
    position: finger.position,
    image: sketchRenderer({ finger, kind: "rolled", impression: ENROLLED_IMPRESSION }),
  }));
  const fingers = images.map(({ position, image }) => ({ position, template: extractTemplate(image) }));
  const prints = images.map(({ position, image }) => ({ position, wsq: wsq(image).data, ppi: image.ppi }));
  await hub.ident.enrolMany([{ record: identSubjectRecord(person, record), fingers, prints }]);
}

/** Runs due jobs until none is left; a failed job fails the test with its error. */
export async function runUntilIdle(hub: HubRuntime, workerId = "test-worker"): Promise<void> {
  for (let step = 0; step < 50; step++) {
    const outcome = await hub.processNext(workerId);
    if (outcome.kind === "idle") return;
    if (outcome.kind === "failed") throw new Error(`job failed: ${outcome.error}`);
  }
  throw new Error("the workflow did not become idle in 50 steps");
}
