import { extractTemplate, type SearchResult, TenprintGallery } from "@tenprint/afis";
import { probeFromSubmission } from "@tenprint/hub";
import {
  buildErrt,
  buildSre,
  encodeWsq,
  findField,
  NistError,
  type NistTransaction,
  parseTransaction,
  problemFromNistError,
  readBooking,
  responseContextOf,
  serializeTransaction,
  validateTransaction,
} from "@tenprint/nist";
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
  type ImpressionRenderer,
  type Person,
  syntheticTemplate,
} from "@tenprint/synth";

/** The pieces of a showcase run that a caller may change (tests use a small one). */
export interface ShowcaseOptions {
  readonly seed: string;
  readonly state: string;
  readonly people: number;
  /** Identities in the criminal repository made from template-level synthetic prints. */
  readonly distractors: number;
  readonly print: (line: string) => void;
}

export const DEFAULT_SHOWCASE: Omit<ShowcaseOptions, "print"> = {
  seed: "tenprint-showcase",
  state: "VA",
  people: 1000,
  distractors: 10_000,
};

/** What the showcase found, for its test: each booking's identification against the ground truth. */
export interface ShowcaseOutcome {
  readonly bookings: readonly {
    tcn: string;
    expectedIdent: boolean;
    ident: boolean;
    identity: string | undefined;
    valid: boolean;
  }[];
  readonly rewriteIdentical: boolean;
  readonly errtMessages: readonly string[];
}

/** A decision threshold as a false-positive identification rate, never as a raw score. */
const IDENT_FPIR = 1e-3;
const FIRST_ROLLED_IMPRESSION = 1;
const BOOKING_IMPRESSION = 2;
const wsq: ImageEncoder = (image) => ({ compression: "WSQ20", data: encodeWsq(image, { bitrate: 0.75 }) });

/**
 * The codec and engine end to end, before the hub exists: a synthetic state, a criminal repository,
 * two bookings as real EBTS files (one of a person the repository holds, one of a stranger) searched
 * with templates extracted from their WSQ images, their SRE responses, and an ERRT for a damaged file.
 */
export async function runShowcase(options: ShowcaseOptions): Promise<ShowcaseOutcome> {
  const { print } = options;
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  print("Tenprint showcase. Every person, record and fingerprint below is SYNTHETIC.");

  const population = generatePopulation({
    people: options.people,
    seed: options.seed,
    states: [options.state],
  });
  const jurisdictions = generateJurisdictions({ seed: options.seed, states: [options.state] });
  const activated = jurisdictions.jurisdictions.filter((j) => j.activation.status === "ACTIVATED").length;
  const inCriminal = population.people.filter((p) => p.repositories.criminal).length;
  const inIdent = population.people.filter((p) => p.repositories.ident).length;
  print(
    `1. Population: ${population.people.length} people in ${options.state}, ${inCriminal} in the criminal ` +
      `repository, ${inIdent} in IDENT; ${jurisdictions.jurisdictions.length} jurisdictions, ${activated} activated.`,
  );

  const bookings = generateBookings(
    { population, jurisdictions, seed: options.seed, state: options.state },
    Math.min(200, options.people),
  );
  const known = bookings.find((b) => b.truth.inCriminalRepository);
  const stranger = bookings.find((b) => !b.truth.inCriminalRepository);
  if (!known || !stranger) throw new Error("the synthetic stream has no known and unknown arrestee to show");
  const personOf = (booking: Booking): Person => {
    const person = population.people.find((p) => p.id === booking.truth.personId);
    if (!person) throw new Error(`booking ${booking.tcn} names unknown person ${booking.truth.personId}`);
    return person;
  };

  const render = engineRenderer();
  const gallery = new TenprintGallery({ workers: 0 });
  try {
    const fbiNumbers = enrolDistractors(gallery, options.distractors, options.seed);
    const enrolled = personOf(known);
    enrolRendered(gallery, enrolled, render);
    fbiNumbers.set(enrolled.id, enrolled.fbiNumber ?? `SY${enrolled.id}`);
    print(
      `2. Criminal repository: ${gallery.size} identities, ${gallery.fingerCount} fingers ` +
        `(${options.distractors} from template-level synthetic prints, 1 from rendered images) [${elapsed()}]`,
    );

    const outcomes: ShowcaseOutcome["bookings"][number][] = [];
    const files: Uint8Array[] = [];
    let rewriteIdentical = true;
    for (const [step, booking] of [known, stranger].entries()) {
      const fingers = bookingFingerImages(personOf(booking), BOOKING_IMPRESSION, render, wsq);
      const file = serializeTransaction(bookingCar(booking, fingers));
      files.push(file);
      const submission = parseTransaction(file);
      const problems = validateTransaction(submission);
      const rewritten = serializeTransaction(submission);
      rewriteIdentical &&= sameBytes(rewritten, file);
      print(
        `${step + 3}. Booking ${booking.tcn} at ${booking.agencyOri}: CAR of ${submission.records.length} records, ` +
          `${(file.length / 1024).toFixed(0)} KB with 14 WSQ images; ${problems.length} validation problems; ` +
          `rewrite ${sameBytes(rewritten, file) ? "byte-identical" : "DIFFERS"}`,
      );
      const probe = probeFromSubmission(submission);
      const result = await gallery.search(probe);
      const best = result.candidates[0];
      const ident = best !== undefined && best.fpir <= IDENT_FPIR;
      const sre = buildSreFor(submission, ident ? fbiNumbers.get(best.identity) : undefined);
      print(`   ${describeSearch(result, probe.length)}`);
      print(
        `   SRE ${ident ? "IDENT" : "NON-IDENT"} (${serializeTransaction(sre).length} bytes); ground truth: ` +
          `${booking.truth.inCriminalRepository ? `in the repository as ${booking.truth.personId}` : "not in the repository"} [${elapsed()}]`,
      );
      outcomes.push({
        tcn: booking.tcn,
        expectedIdent: booking.truth.inCriminalRepository,
        ident,
        identity: ident ? best.identity : undefined,
        valid: problems.every((p) => p.severity !== "error"),
      });
    }

    const errtMessages = showDamagedSubmission(files[0]!, known, print);
    print(`Done in ${elapsed()}. Commands to explore further: tenprint --help`);
    return { bookings: outcomes, rewriteIdentical, errtMessages };
  } finally {
    await gallery.close();
  }
}

/** Enrols template-level identities; returns their (synthetic) FBI numbers by identity. */
function enrolDistractors(gallery: TenprintGallery, count: number, seed: string): Map<string, string> {
  const fbiNumbers = new Map<string, string>();
  const numericSeed = hashSeed(seed);
  for (let identity = 0; identity < count; identity++) {
    const fingers = [];
    for (let position = 1; position <= 10; position++) {
      fingers.push({
        position,
        template: syntheticTemplate({ seed: numericSeed, identity, finger: position, impression: 1 }),
      });
    }
    gallery.enrol(`SYN-DISTRACTOR-${identity}`, fingers);
    fbiNumbers.set(`SYN-DISTRACTOR-${identity}`, `${identity}SYD`);
  }
  return fbiNumbers;
}

function enrolRendered(gallery: TenprintGallery, person: Person, render: ImpressionRenderer): void {
  gallery.enrol(
    person.id,
    person.fingers.map((finger) => ({
      position: finger.position,
      template: extractTemplate(render({ finger, kind: "rolled", impression: FIRST_ROLLED_IMPRESSION })),
    })),
  );
}

function textOf(record: NistTransaction["records"][number], field: number): string {
  if (record.kind !== "tagged") return "";
  const found = findField(record, field);
  return found?.kind === "text" ? (found.subfields[0]?.[0] ?? "") : "";
}

/** The SRE for a submission: IDENT with the FBI number of the matched identity, or NON-IDENT. */
function buildSreFor(request: NistTransaction, fbiNumber: string | undefined): NistTransaction {
  const booking = readBooking(request);
  return buildSre({
    context: responseContextOf(request, { tcn: `SRE${booking.header.tcn}`, date: booking.header.date }),
    name: booking.subject.name,
    cri: booking.arrest.bookingAgencyOri,
    result: fbiNumber === undefined ? { kind: "non-ident" } : { kind: "ident", fbiNumber },
  });
}

function describeSearch(result: SearchResult, probeFingers: number): string {
  const best = result.candidates[0];
  const head =
    `criminal search: ${probeFingers} probe fingers against ${result.gallerySize} identities, ` +
    `${result.comparisons} finger comparisons (penetration ${(result.penetration * 100).toFixed(1)} %), ` +
    `${(result.filterMs + result.matchMs).toFixed(0)} ms`;
  if (!best) return `${head}; no candidate`;
  return `${head}; rank 1 ${best.identity}, FPIR ${best.fpir.toExponential(1)}`;
}

/** Damages a CAR's Type-2 length field and shows the ERRT that answers the unreadable file. */
function showDamagedSubmission(file: Uint8Array, booking: Booking, print: (line: string) => void): string[] {
  const damaged = file.slice();
  const type2 = findTypeTwoLength(damaged);
  damaged[type2] = damaged[type2] === 0x39 ? 0x31 : damaged[type2]! + 1;
  try {
    parseTransaction(damaged);
    throw new Error("the damaged submission parsed: the showcase's damage did not take");
  } catch (error) {
    if (!(error instanceof NistError)) throw error;
    const date = booking.bookedAt.slice(0, 10).replaceAll("-", "");
    const errt = buildErrt(undefined, [problemFromNistError(error)], {
      tcn: `ERRT${booking.tcn}`,
      date,
      ori: FBI_CJIS_ORI,
      dai: booking.agencyOri,
    });
    const messages = errt.records
      .flatMap((record) => (record.kind === "tagged" ? [textOf(record, 60)] : []))
      .filter((text) => text.length > 0);
    print(`5. A damaged submission: ${error.message}`);
    print(`   ERRT ${serializeTransaction(errt).length} bytes, 2.060 MSG: ${messages.join(" | ")}`);
    return messages;
  }
}

function findTypeTwoLength(file: Uint8Array): number {
  const marker = new TextEncoder().encode("2.001:");
  for (let i = 0; i + marker.length < file.length; i++) {
    if (marker.every((byte, j) => file[i + j] === byte)) return i + marker.length;
  }
  throw new Error("no Type-2 record in the showcase CAR");
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function hashSeed(seed: string): number {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619) >>> 0;
  return hash;
}
