import { createHash } from "node:crypto";
import { extractTemplate } from "@tenprint/afis";
import { encodeWsq, type FingerImage, type GrayImage, serializeTransaction } from "@tenprint/nist";
import { decodeImage } from "@tenprint/nist/image";
import {
  type Booking,
  bookingCar,
  generateBookings,
  type ImmigrationRecord,
  type ImpressionRenderer,
  type Person,
} from "@tenprint/synth";
import { seedDirectory } from "../../../demo/src/demo/demo-seed.js";
import { type DemoWorld, demoWorld } from "../../../demo/src/demo/demo-world.js";
import { criminalSubjectRecord, identSubjectRecord } from "../../../demo/src/demo/subject-records.js";
import { createHubStorage, type EnrolmentBatchItem, type HubRuntime } from "../../src/index.js";

/**
 * The bookings of the kill -9 reliability test: real EBTS CARs of a synthetic Virginia world (its counties,
 * some activated, some not, some with receipt off), cheap enough that 500 of them run through the hub
 * within the test. The world is fixed; only the kill moments vary between runs.
 */
export const RELIABILITY_WORLD = { seed: "reliability-kill", state: "VA", people: 200 } as const;
export const BOOKINGS = 500;
export const CRIMINAL_ENROLLED = 25;
export const IDENT_ENROLLED = 30;
/**
 * Small enough to extract in a few milliseconds a finger. More spirals crowd the window and strangers
 * start to match (128 px with 20 spirals: 16 of 120 strangers identified); 96 px with 8: 0 of 360.
 */
const WINDOW_PX = 96;
const SPIRALS = 8;

/** One IDENT record per outcome the LESC and ERO produce: a detainer, a citizen's redress, no basis. */
export type IdentCase = "FINAL_ORDER" | "CITIZEN_NOT_UPDATED" | "LAWFUL_RESIDENT";
const IDENT_CASES: readonly IdentCase[] = [
  "FINAL_ORDER",
  "FINAL_ORDER",
  "CITIZEN_NOT_UPDATED",
  "LAWFUL_RESIDENT",
];

export interface ReliabilityBooking {
  readonly tcn: string;
  readonly sibOri: string;
  readonly personId: string;
  readonly car: Uint8Array;
}

export interface ReliabilityWorld {
  readonly world: DemoWorld;
  readonly sibOri: string;
  readonly bookings: readonly ReliabilityBooking[];
  /** Criminal repository identity (FBI number) by person id. */
  readonly criminal: ReadonlyMap<string, string>;
  /** IDENT identity (FIN) and record case by person id. */
  readonly ident: ReadonlyMap<string, { readonly fin: string; readonly case: IdentCase }>;
  readonly enrolments: { readonly criminal: EnrolmentBatchItem[]; readonly ident: EnrolmentBatchItem[] };
}

function randomStream(seed: string): () => number {
  let block = createHash("sha256").update(seed).digest();
  let offset = 0;
  return () => {
    if (offset + 4 > block.length) {
      block = createHash("sha256").update(block).digest();
      offset = 0;
    }
    const value = block.readUInt32BE(offset) / 2 ** 32;
    offset += 4;
    return value;
  };
}

/**
 * A small window of curved ridges with phase spirals. synth's sketchRenderer draws smooth rings with no
 * minutiae at all (a crop of it extracts 0 per finger, so nobody could be identified), and its engine
 * renderer costs seconds per person. Each spiral in the ridge phase is a ridge ending or bifurcation, so
 * this gives ~6 minutiae per finger at a few milliseconds, distinct per finger seed. The impression and
 * kind are ignored: every capture of a finger is the same image, so a booking's probe equals the
 * enrolled template exactly and the expected identification is certain.
 */
const spiralWindows = new Map<number, GrayImage>();
export const spiralRenderer: ImpressionRenderer = ({ finger }) => {
  const cached = spiralWindows.get(finger.seed);
  if (cached) return cached;
  const random = randomStream(`spiral/${finger.seed}`);
  const size = WINDOW_PX;
  const angle = random() * 2 * Math.PI;
  const distance = 40 + random() * 160;
  const coreX = size / 2 + distance * Math.cos(angle);
  const coreY = size / 2 + distance * Math.sin(angle);
  const skew = (random() - 0.5) * 1.2;
  const omega = (2 * Math.PI) / (8 + random() * 2);
  const spirals = Array.from({ length: SPIRALS }, () => ({
    x: 12 + random() * (size - 24),
    y: 12 + random() * (size - 24),
    turn: random() < 0.5 ? 1 : -1,
  }));
  const pixels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x - coreX;
      const dy = y - coreY;
      let phase = omega * (Math.sqrt(dx * dx + dy * dy) + skew * dx);
      for (const spiral of spirals) phase += spiral.turn * Math.atan2(y - spiral.y, x - spiral.x);
      pixels[y * size + x] = 128 + 100 * Math.cos(phase);
    }
  }
  const image = { width: size, height: size, ppi: 500, pixels };
  spiralWindows.set(finger.seed, image);
  return image;
};

function immigrationRecord(person: Person, index: number, kind: IdentCase): ImmigrationRecord {
  const fin = `SYNFINRK${String(index).padStart(7, "0")}`;
  const arrived = { eid: `${fin}-1`, date: "20050301", kind: "PORT_OF_ENTRY" as const, location: "DULLES" };
  const base = {
    synthetic: true as const,
    personId: person.id,
    fin,
    aNumber: String(912000000 + index),
    countryOfCitizenship: "MX",
  };
  switch (kind) {
    case "FINAL_ORDER":
      // A removal order after 1 January 2014 is a PEP 2014 priority, so ERO's rules issue a detainer.
      return {
        ...base,
        recordedStatus: "FINAL_ORDER",
        trueStatus: "FINAL_ORDER",
        encounters: [arrived, { eid: `${fin}-2`, date: "20150610", kind: "REMOVAL_ORDER", location: "EOIR" }],
      };
    case "CITIZEN_NOT_UPDATED":
      return {
        ...base,
        recordedStatus: "VISA_OVERSTAY",
        trueStatus: "NATURALIZED_RECORD_NOT_UPDATED",
        encounters: [arrived],
      };
    case "LAWFUL_RESIDENT":
      return {
        ...base,
        recordedStatus: "LAWFUL_PERMANENT_RESIDENT",
        trueStatus: "LAWFUL_PERMANENT_RESIDENT",
        encounters: [arrived],
      };
  }
}

const WSQ_BITRATE = 0.75;
const RIGHT_SLAP = [2, 3, 4, 5];
const LEFT_SLAP = [10, 9, 8, 7];

function wsqImage(fgp: FingerImage["fgp"], imp: FingerImage["imp"], image: GrayImage): FingerImage {
  const data = encodeWsq(image, { bitrate: WSQ_BITRATE });
  return { fgp, imp, width: image.width, height: image.height, ppi: image.ppi, compression: "WSQ20", data };
}

function strip(windows: readonly GrayImage[]): GrayImage {
  const size = WINDOW_PX;
  const pixels = new Uint8Array(size * size * windows.length);
  windows.forEach((window, index) => {
    for (let y = 0; y < size; y++)
      pixels.set(window.pixels.subarray(y * size, (y + 1) * size), y * size * windows.length + index * size);
  });
  return { width: size * windows.length, height: size, ppi: 500, pixels };
}

/**
 * The 14 Type-14 images of a CAR (ten rolled, two plain thumbs, two four-finger slaps), WSQ as EBTS
 * requires. synth's bookingFingerImages lays slaps out at full size (~1 MB a booking uncompressed);
 * these are windows side by side. Every booking of a person carries the same images.
 */
const cars = new Map<string, FingerImage[]>();
function fingerImagesOf(person: Person): FingerImage[] {
  const cached = cars.get(person.id);
  if (cached) return cached;
  const window = new Map(
    person.fingers.map((f) => [f.position, spiralRenderer({ finger: f, kind: "rolled", impression: 1 })]),
  );
  const at = (position: number): GrayImage => {
    const image = window.get(position);
    if (!image) throw new Error(`person ${person.id} has no finger ${position}`);
    return image;
  };
  const rolled = person.fingers.map((f) => wsqImage(f.position as FingerImage["fgp"], 1, at(f.position)));
  const plainThumb = (fgp: 11 | 12, position: number): FingerImage => {
    const image = rolled.find((r) => r.fgp === position);
    if (!image) throw new Error(`person ${person.id} has no finger ${position}`);
    return { ...image, fgp, imp: 0 };
  };
  const images = [
    ...rolled,
    plainThumb(11, 1),
    plainThumb(12, 6),
    wsqImage(13, 0, strip(RIGHT_SLAP.map(at))),
    wsqImage(14, 0, strip(LEFT_SLAP.map(at))),
  ];
  cars.set(person.id, images);
  return images;
}

/** Templates from the rolled images exactly as the hub will decode them from the CAR. */
function fingersOf(person: Person) {
  return fingerImagesOf(person)
    .filter((image) => image.fgp <= 10)
    .map((image) => ({
      position: image.fgp,
      template: extractTemplate(decodeImage(image.data, { ppi: 500 })),
    }));
}

let built: ReliabilityWorld | undefined;

/** The world, its 500 bookings as CARs, and who is enrolled where (built once per test file). */
export function reliabilityWorld(): ReliabilityWorld {
  if (built) return built;
  const world = demoWorld(RELIABILITY_WORLD);
  const people = new Map(world.population.people.map((person) => [person.id, person]));
  const criminalRecords = new Map(world.population.criminalRecords.map((r) => [r.personId, r]));
  const stream: Booking[] = generateBookings(
    {
      population: world.population,
      jurisdictions: world.jurisdictions,
      seed: RELIABILITY_WORLD.seed,
      state: world.state,
    },
    BOOKINGS,
  );
  const personOf = (booking: Booking): Person => {
    const person = people.get(booking.truth.personId);
    if (!person) throw new Error(`booking ${booking.tcn} names unknown person ${booking.truth.personId}`);
    return person;
  };
  const bookings = stream.map((booking) => ({
    tcn: booking.tcn,
    sibOri: booking.sibOri,
    personId: booking.truth.personId,
    car: serializeTransaction(bookingCar(booking, fingerImagesOf(personOf(booking)))),
  }));
  const booked = [...new Set(stream.map((booking) => booking.truth.personId))].map((id) => people.get(id)!);
  const criminal = new Map<string, string>();
  const ident = new Map<string, { fin: string; case: IdentCase }>();
  const enrolments = { criminal: [] as EnrolmentBatchItem[], ident: [] as EnrolmentBatchItem[] };
  for (const person of booked) {
    const record = criminalRecords.get(person.id);
    if (!record || criminal.size >= CRIMINAL_ENROLLED) continue;
    criminal.set(person.id, record.fbiNumber);
    enrolments.criminal.push({ record: criminalSubjectRecord(person, record), fingers: fingersOf(person) });
  }
  // Half of the IDENT subjects are also in the criminal repository, so the IAQ carries an FBI number.
  const identCandidates = [
    ...booked.filter((p) => criminal.has(p.id)).slice(0, IDENT_ENROLLED / 2),
    ...booked,
  ];
  for (const person of identCandidates) {
    if (ident.has(person.id) || ident.size >= IDENT_ENROLLED) continue;
    const index = ident.size;
    const kind = IDENT_CASES[index % IDENT_CASES.length] as IdentCase;
    const record = immigrationRecord(person, index, kind);
    ident.set(person.id, { fin: record.fin, case: kind });
    enrolments.ident.push({ record: identSubjectRecord(person, record), fingers: fingersOf(person) });
  }
  const sibOri = bookings[0]?.sibOri ?? "";
  if (bookings.some((booking) => booking.sibOri !== sibOri))
    throw new Error("the reliability bookings come from more than one SIB; the webhook covers one");
  built = { world, sibOri, bookings, criminal, ident, enrolments };
  return built;
}

/** Directory, both repositories and the webhook; then every booking submitted (the "in flight" state). */
export async function prepareReliabilityDatabase(
  runtime: HubRuntime,
  webhook: { readonly url: string; readonly secret: string },
): Promise<Map<string, string>> {
  const { world, sibOri, bookings, enrolments } = reliabilityWorld();
  await seedDirectory(runtime, world);
  await runtime.criminal.enrolMany(enrolments.criminal);
  await runtime.ident.enrolMany(enrolments.ident);
  await createHubStorage(runtime.db).webhooks.put(sibOri, webhook.url, webhook.secret);
  const transactionIds = new Map<string, string>();
  for (const booking of bookings) {
    const submitted = await runtime.submissions.submit(booking.car, { submitterOri: booking.sibOri });
    if (!submitted.transactionId || submitted.status !== "VALIDATED" || !submitted.created)
      throw new Error(`booking ${booking.tcn} was not accepted: ${JSON.stringify(submitted)}`);
    transactionIds.set(submitted.transactionId, booking.tcn);
  }
  return transactionIds;
}
