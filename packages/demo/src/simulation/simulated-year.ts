import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type EnrolledFinger, TenprintGallery } from "@tenprint/afis";
import type {
  BookingAuthority,
  BookingClaim,
  DetainerState,
  GroundTruth,
  ProbeSource,
  RuleSetId,
  StoredDetainer,
  SubjectRecord,
  SubmissionState,
} from "@tenprint/hub";
import {
  ArrestEnrolment,
  ConflictError,
  createHubStorage,
  type DatabaseOptions,
  DetainerService,
  directoryBookingAuthority,
  directoryRouting,
  IaqStep,
  IllegalTransitionError,
  IntakePool,
  keepTransactionRows,
  LescService,
  monthBounds,
  openHubDatabase,
  produceAccountabilityReport,
  produceMonthlyReport,
  type ReportFormat,
  renderReport,
  StoredRequests,
  SubmissionService,
  SubmissionWorker,
  startOfLocalDay,
  storedBooking,
  WorkflowWorker,
} from "@tenprint/hub";
import {
  LESC_ORI,
  type NistTransaction,
  type PersonName,
  parseTransaction,
  serializeTransaction,
} from "@tenprint/nist";
import {
  type Booking,
  bookingCar,
  bookingStream,
  DEFAULT_FOREIGN_BORN_STATUS_SHARES,
  FBI_CJIS_ORI,
  generateJurisdictions,
  generatePopulation,
  type ImmigrationStatus,
  type Person,
  recordedStatus,
} from "@tenprint/synth";
import { seedDirectory } from "../demo/demo-seed.js";
import { stateTimeZone } from "../demo/state-time-zones.js";
import { criminalSubjectRecord, identSubjectRecord } from "../demo/subject-records.js";
import { SIMULATION_PARAMETERS as P } from "./simulation-parameters.js";
import { SimulationRandom } from "./simulation-random.js";
import { SimulationRepository } from "./simulation-repository.js";
import { type SimulationTemplates, synthTemplates } from "./simulation-templates.js";

export interface SimulationOptions {
  readonly state: string;
  readonly year: number;
  readonly bookings: number;
  /** IDENT gallery size: the population's immigration records plus distractors up to it. */
  readonly identIdentities: number;
  readonly criminalIdentities?: number;
  readonly people?: number;
  readonly seed?: string;
  readonly ruleSet?: RuleSetId;
  readonly database: DatabaseOptions;
  readonly outputDir: string;
  /** Formats of the reports written (default html, json, csv). */
  readonly formats?: readonly ReportFormat[];
  readonly searchThreads?: number;
  /** The fingerprint seam (default: @tenprint/synth's template generator). */
  readonly templates?: SimulationTemplates;
  readonly progress?: (line: string) => void;
  /**
   * Ends the year early when aborted: no further bookings are taken, the work already scheduled runs
   * to its end as usual, and the reports and summary cover the bookings made (`stoppedEarly` says so).
   */
  readonly signal?: AbortSignal;
}

export interface SimulationSummary {
  readonly synthetic: true;
  readonly state: string;
  readonly year: number;
  readonly bookings: number;
  readonly galleries: { readonly criminal: number; readonly ident: number };
  readonly identSearches: number;
  readonly identMatches: number;
  readonly falseMatchIaqs: number;
  readonly predictedFalseMatches: number;
  /**
   * Observed (ground truth), predicted (sum of the matches' FPIRs) and the most the FPIR threshold allows
   * (IDENT searches × threshold), per 100,000 bookings.
   */
  readonly falseMatchIaqsPer100kBookings: {
    readonly observed: number;
    readonly predicted: number;
    readonly boundAtThreshold: number;
  };
  readonly missedMates: number;
  readonly matedSearches: number;
  readonly detainers: number;
  readonly failedJobs: number;
  readonly seconds: {
    readonly setup: number;
    readonly bookings: number;
    readonly reports: number;
    readonly total: number;
  };
  readonly costPerBooking: { readonly wallMs: number; readonly cpuMs: number };
  /** Set when the run was stopped before the bookings asked for: how far the year got. */
  readonly stoppedEarly?: { readonly requestedBookings: number; readonly lastBookingAt: string };
  readonly files: readonly string[];
}

/** A simulation's error that names the option at fault. */
export class SimulationOptionError extends Error {
  override name = "SimulationOptionError";
}

type Event =
  | { readonly kind: "LESC_DECIDE"; readonly transactionId: string }
  | { readonly kind: "ERO_REVIEW"; readonly transactionId: string }
  | {
      readonly kind: "DETAINER";
      readonly detainerId: string;
      readonly action: string;
      readonly role: "ERO" | "LEA" | "LESC";
      readonly releaseDueAt?: string;
      readonly reason?: string;
    }
  /** A hold's deadline: the expiry job must run at that instant, not at the next booking. */
  | { readonly kind: "WAKE" };

/** A min-heap of events by time, ties in insertion order (deterministic). */
class Agenda {
  #heap: { at: number; seq: number; event: Event }[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  peekAt(): number {
    return this.#heap[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  push(at: number, event: Event): void {
    const h = this.#heap;
    h.push({ at, seq: this.#seq++, event });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.#before(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  pop(): { at: number; event: Event } | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (!top || !last) return top;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.#before(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.#before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }

  #before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

function sameName(a: PersonName, b: PersonName): boolean {
  return a.surname === b.surname && a.given === b.given;
}

type RoutingInput = Parameters<ReturnType<typeof directoryRouting>>[0];
type Routed = Awaited<ReturnType<ReturnType<typeof directoryRouting>>>;

/** A template-level CAR: real EBTS with ten rolled Type-14 records whose pixels are a blank placeholder. */
function templateLevelCar(booking: Booking): Uint8Array {
  const blank = new Uint8Array(16 * 16).fill(255);
  const fingers = Array.from({ length: 10 }, (_, i) => ({
    fgp: (i + 1) as 1,
    imp: 1 as const,
    width: 16,
    height: 16,
    ppi: 500,
    compression: "NONE" as const,
    data: blank,
  }));
  return serializeTransaction(bookingCar(booking, fingers));
}

function distractorIdentRecord(identity: string, index: number, random: SimulationRandom): SubjectRecord {
  // IDENT holds foreign-born people in every status; the record shows the recorded (not true) status.
  const shares = Object.entries(DEFAULT_FOREIGN_BORN_STATUS_SHARES) as [ImmigrationStatus, number][];
  const total = shares.reduce((sum, [, w]) => sum + w, 0);
  let pick = random.next() * total;
  let status: ImmigrationStatus = "LAWFUL_PERMANENT_RESIDENT";
  for (const [s, w] of shares) {
    pick -= w;
    if (pick <= 0) {
      status = s;
      break;
    }
  }
  const recorded = recordedStatus(status);
  const citizen = recorded === "NATURALIZED_CITIZEN";
  return {
    synthetic: true,
    identity,
    fin: identity,
    aNumber: String(200_000_000 + index),
    name: { surname: "SYNTHETIC", given: `DISTRACTOR ${index}` },
    dateOfBirth: `19${String(50 + (index % 50)).padStart(2, "0")}0${1 + (index % 9)}15`,
    sex: index % 5 === 0 ? "F" : "M",
    placeOfBirth: "MX",
    immigration: {
      recordedStatus: recorded,
      encounters: [
        {
          kind: citizen ? "NATURALIZATION" : recorded === "FINAL_ORDER" ? "REMOVAL_ORDER" : "PORT_OF_ENTRY",
          date: "20050115",
        },
      ],
    },
  };
}

/** Long enough for any generated booking on a loaded machine; the limit still ends a stuck thread. */
const SIMULATION_INTAKE_TIMEOUT_MS = 15 * 60_000;

/**
 * A synthetic state's year through the hub's real services on a simulated clock: routing from the
 * directory (activation staggered through the year), both 1:N searches on real galleries at the template
 * level, the FPIR threshold, IAQ, the LESC's rules with analysts modelled, ERO's priority rules, detainers
 * and their 48-hour hold clock. Writes the twelve monthly reports (a stopped year: those up to the month
 * its work ended in), the accountability report (with the run's ground truth), the ground truth and a
 * summary with the run's cost.
 */
export async function simulateYear(options: SimulationOptions): Promise<SimulationSummary> {
  const started = performance.now();
  const say = options.progress ?? (() => {});
  const state = options.state.toUpperCase();
  if (!Number.isInteger(options.year) || options.year < 2008 || options.year > 2030)
    throw new SimulationOptionError(`--year ${options.year} is not a year from 2008 to 2030`);
  if (!Number.isInteger(options.bookings) || options.bookings < 1 || options.bookings > 2_000_000)
    throw new SimulationOptionError(`--bookings ${options.bookings} is not a count from 1 to 2,000,000`);
  const seed = options.seed ?? P.seed;
  const zone = stateTimeZone(state);
  const random = new SimulationRandom(`${seed}/actors`);
  const templates =
    options.templates ?? synthTemplates(Number.parseInt(seedHash(seed), 16), options.searchThreads);
  const handle = await openHubDatabase(options.database);
  const files: string[] = [];
  const galleries: TenprintGallery[] = [];
  let intake: IntakePool | undefined;
  try {
    const db = handle.db;
    const existing = await db.selectFrom("transactions").select(db.fn.countAll().as("n")).executeTakeFirst();
    if (Number(existing?.n ?? 0) > 0)
      throw new SimulationOptionError(
        `${handle.location} already holds bookings: simulate into a fresh database`,
      );
    mkdirSync(options.outputDir, { recursive: true });
    let now = startOfLocalDay(`${options.year}-01-01`, zone);
    const clock = () => new Date(now);

    // The synthetic world: the state's counties as activated by the year's end, and its people.
    const jurisdictions = generateJurisdictions({
      seed,
      states: [state],
      asOf: `${options.year}-12-31`,
      receiptOptOutShare: P.receiptOptOutShare,
    });
    const people = options.people ?? Math.max(P.minPeople, Math.round(options.bookings * P.peoplePerBooking));
    const population = generatePopulation({
      people,
      seed,
      states: [state],
      referenceDate: `${options.year}-01-01`,
    });
    const world = {
      seed,
      state,
      jurisdictions,
      population,
      sizes: { people, criminalDistractors: 0, identDistractors: 0 },
    };
    await seedDirectory({ db }, world);
    say(
      `${state} ${options.year}: ${jurisdictions.jurisdictions.length} counties, ${people} synthetic people`,
    );

    // Galleries: people at impression 1, distractors from the same generator.
    const threads = options.searchThreads;
    // Each gallery its own threads: sharing one set (SearchThreads, so a booking's probe is indexed
    // once) cost as much CPU and 6–10 % more wall time a booking (docs/benchmarks.md, "A cheaper search").
    const criminalGallery = new TenprintGallery(threads === undefined ? {} : { workers: threads });
    const identGallery = new TenprintGallery(threads === undefined ? {} : { workers: threads });
    galleries.push(criminalGallery, identGallery);
    const criminal = new SimulationRepository(db, "criminal", criminalGallery);
    const ident = new SimulationRepository(db, "ident", identGallery);
    const personIndex = new Map(population.people.map((person, i) => [person.id, i]));
    const personById = new Map(population.people.map((person) => [person.id, person]));
    const identRecordOf = new Map<string, SubjectRecord>();
    let lastLine = performance.now();
    /** A progress line at most every 30 s while the galleries are made (minutes in a large run). */
    const sayEvery30s = (line: () => string) => {
      if (performance.now() - lastLine < 30_000) return;
      lastLine = performance.now();
      say(line());
    };
    const enrolPeople = async (repository: SimulationRepository, records: [Person, SubjectRecord][]) => {
      for (let i = 0; i < records.length; i += 1000) {
        sayEvery30s(() => `people's records: ${i} of ${records.length} enrolled, ${cpuSeconds()} CPU-s`);
        const slice = records.slice(i, i + 1000);
        await repository.enrolMany(
          slice.map(([person, record]) => ({
            record,
            fingers: templates.fingers(personIndex.get(person.id)!, P.enrolledImpression),
          })),
        );
      }
    };
    await enrolPeople(
      criminal,
      population.criminalRecords.map((r) => [
        personById.get(r.personId)!,
        criminalSubjectRecord(personById.get(r.personId)!, r),
      ]),
    );
    await enrolPeople(
      ident,
      population.immigrationRecords.map((r) => {
        const person = personById.get(r.personId)!;
        const full = identSubjectRecord(person, r);
        // The LESC's other databases do not always find a naturalisation.
        const record =
          full.corroboration?.naturalizedOn && !random.chance(P.lesc.naturalisationFound)
            ? { ...full, corroboration: {} }
            : full;
        identRecordOf.set(record.identity, record);
        return [person, record];
      }),
    );
    const criminalTarget = options.criminalIdentities ?? P.criminalIdentities;
    const identDistractors = Math.max(0, options.identIdentities - ident.size);
    const criminalDistractors = Math.max(0, criminalTarget - criminal.size);
    for (const [repository, count, base, name] of [
      [criminal, criminalDistractors, P.criminalDistractorBase, "criminal"],
      [ident, identDistractors, P.identDistractorBase, "ident"],
    ] as const) {
      const id = (identity: number) => `SYN-DIST-${name === "criminal" ? "C" : "I"}${identity - base}`;
      const records: SubjectRecord[] = [];
      for (let k = 0; k < count; k++) {
        const identity = id(base + k);
        records.push(
          name === "ident"
            ? distractorIdentRecord(identity, k, random)
            : {
                synthetic: true,
                identity,
                fbiNumber: identity,
                name: { surname: "SYNTHETIC", given: `DISTRACTOR ${k}` },
                dateOfBirth: "19700101",
                sex: "M",
                criminalHistory: [],
              },
        );
        if (records.length === 2000) {
          await repository.putRecords(records.splice(0));
          sayEvery30s(() => `${name} distractors' records: ${k + 1} of ${count}, ${cpuSeconds()} CPU-s`);
        }
      }
      await repository.putRecords(records);
      for await (const batch of templates.distractors(base, count, id)) {
        await repository.enrolPrints(batch);
        sayEvery30s(() => `${name} gallery: ${repository.size} identities so far, ${cpuSeconds()} CPU-s`);
      }
      say(`${name} gallery: ${repository.size} identities`);
    }
    await Promise.all([criminalGallery.warmUp(), identGallery.warmUp()]);
    const setupSeconds = (performance.now() - started) / 1000;
    say(`setup done in ${setupSeconds.toFixed(0)} s, ${cpuSeconds()} CPU-s: the bookings start`);

    // This process alone writes the database during the year (nothing purges or rotates meanwhile), so
    // the transaction rows its transitions write are read back from memory (TransactionRowCache).
    keepTransactionRows(db);
    // The hub's services on the simulated clock; the probes come from the template seam.
    // One array per booking: its criminal search, IDENT search and arrest enrolment share it, and a
    // search started ahead (SimulationRepository.prefetch) is found by it.
    const probeOf = new Map<string, { identity: number; impression: number; fingers?: EnrolledFinger[] }>();
    const probeFingers = (tcn: string): EnrolledFinger[] => {
      const source = probeOf.get(tcn);
      if (!source) throw new Error(`simulation: no probe for booking ${tcn}`);
      source.fingers ??= templates.fingers(source.identity, source.impression);
      return source.fingers;
    };
    const probes: ProbeSource = {
      async probe(_transactionId: string, request: NistTransaction) {
        return probeFingers(storedBooking(request).header.tcn);
      },
    };
    const ruleSet = options.ruleSet ?? (P.ruleSet as RuleSetId);
    // The directory is seeded above and nothing in the year changes it, so a routing is a function of
    // the booking's ORIs, its arrest date and the day (directoryRouting): one day's routings are kept.
    const routings = new Map<string, Promise<Routed>>();
    let routingDay = "";
    const route = (input: RoutingInput, at: number): Promise<Routed> => {
      const day = new Date(at).toISOString().slice(0, 10);
      if (day !== routingDay) {
        routings.clear();
        routingDay = day;
      }
      const key = JSON.stringify([
        day,
        input.submitterOri,
        input.leaOri,
        input.arrestingAgencyOri,
        input.arrestDate,
      ]);
      let routed = routings.get(key);
      if (!routed) {
        routed = directoryRouting(db, () => new Date(at))(input);
        routings.set(key, routed);
      }
      return routed;
    };
    // Likewise whether a submitter may book for an agency: a function of the claim (its day included).
    const authorities = new Map<string, Promise<BookingAuthority>>();
    let authorityDay = "";
    const authority = (claim: BookingClaim): Promise<BookingAuthority> => {
      if (claim.day !== authorityDay) {
        authorities.clear();
        authorityDay = claim.day;
      }
      const key = JSON.stringify([claim.day, claim.submitterOri, claim.submitterRole, claim.leaOri]);
      let answer = authorities.get(key);
      if (!answer) {
        answer = directoryBookingAuthority(db, claim);
        authorities.set(key, answer);
      }
      return answer;
    };
    // The hub's intake refuses a file whose check outlasts a wall-clock limit, a guard against hostile
    // files. The simulation's files are its own, and on a loaded machine that limit refused valid
    // bookings, so a run's figures depended on the machine rather than on its seed.
    intake = new IntakePool({ checkTimeoutMs: SIMULATION_INTAKE_TIMEOUT_MS });
    /** The booking being submitted: routing it starts its searches. */
    let submitting: string | undefined;
    const submissions = new SubmissionService(db, {
      hubOri: FBI_CJIS_ORI,
      intake,
      // Once a booking is routed its searches are known (the criminal search always, IDENT when the
      // routing says so), so they start on the search threads while the hub stores the booking and
      // takes its jobs; the results are the same as when the jobs start them (SimulationRepository).
      authority,
      routing: async (booking) => {
        const routed = await route(booking, now);
        if (submitting !== undefined) {
          const fingers = probeFingers(submitting);
          criminal.prefetch(fingers);
          if (routed.routing.identSearch) ident.prefetch(fingers);
        }
        return routed;
      },
      clock,
    });
    const lesc = new LescService(db, { clock });
    const detainers = new DetainerService(db, { clock, ruleSet });
    // A booking's request is read and parsed once for its searches and its arrest enrolment.
    const requests = new StoredRequests();
    const workflow = new WorkflowWorker(
      db,
      [
        new SubmissionWorker(db, { hubOri: FBI_CJIS_ORI, criminal, ident, clock, probes, requests }),
        new ArrestEnrolment(db, { criminal, probes, hubOri: FBI_CJIS_ORI, requests, clock }),
        new IaqStep(db, { clock }),
        lesc,
        detainers,
      ],
      { clock },
    );
    const storage = createHubStorage(db, { clock });
    let failedJobs = 0;
    const failures: string[] = [];
    // Each job's completion claims the next (WorkflowWorker.drain): the clock stands still in a drain.
    const drain = () =>
      workflow.drain("simulation", (outcome) => {
        if (outcome.kind === "failed") {
          failedJobs++;
          if (failures.length < 5) failures.push(`${outcome.work}: ${outcome.error}`);
        }
      });
    const agenda = new Agenda();
    const bookingOf = new Map<string, Booking>();
    const detainerTransaction = new Map<string, string>();

    const act = async (
      detainerId: string,
      action: Event & { kind: "DETAINER" },
    ): Promise<StoredDetainer | undefined> => {
      const detainer = await detainers.get(detainerId);
      if (!detainer) return undefined;
      const ori =
        action.role === "LEA" ? detainer.leaOri : action.role === "ERO" ? detainer.eroOri : LESC_ORI;
      const type = action.action;
      const payload =
        type === "RELEASE_NOTICE"
          ? { type, releaseDueAt: action.releaseDueAt! }
          : type === "LIFT"
            ? { type, reason: action.reason! }
            : { type };
      try {
        return await detainers.act(detainerId, payload as never, {
          actor: `simulation:${action.role}`,
          ori,
          role: action.role,
        });
      } catch (error) {
        // The detainer moved on (transferred, released, lapsed or lifted) before this action came due.
        if (error instanceof IllegalTransitionError || error instanceof ConflictError) return undefined;
        throw error;
      }
    };

    const handleEvent = async (event: Event): Promise<void> => {
      switch (event.kind) {
        case "WAKE":
          return;
        case "LESC_DECIDE": {
          const stored = await storage.transactions.get(event.transactionId);
          const booking = bookingOf.get(event.transactionId);
          if (stored?.state !== "IAQ_SENT" || !booking) return;
          const match = (stored.stateData as unknown as SubmissionState).identMatch;
          const record = match ? await storage.subjects.get("ident", match.identity) : undefined;
          const rec = record as unknown as SubjectRecord | undefined;
          const nameAgrees =
            !!rec && [rec.name, ...(rec.aliases ?? [])].some((n) => sameName(n, booking.subject.name));
          const dobAgrees = !!rec && rec.dateOfBirth === booking.subject.dateOfBirth;
          const overturn = !nameAgrees && !dobAgrees && random.chance(P.lesc.overturnWhenBiographicsDisagree);
          await lesc.determine(
            event.transactionId,
            overturn
              ? {
                  analyst: "simulated-analyst",
                  matchOverturned: true,
                  note: "name and date of birth disagree with the IDENT record",
                }
              : { analyst: "simulated-analyst" },
            { actor: "simulation:LESC", ori: LESC_ORI },
          );
          await drain();
          agenda.push(now + random.logNormal(P.ero.medianHours * HOUR, P.ero.sigma), {
            kind: "ERO_REVIEW",
            transactionId: event.transactionId,
          });
          return;
        }
        case "ERO_REVIEW": {
          const stored = await storage.transactions.get(event.transactionId);
          if (stored?.state !== "IAR_RETURNED") return;
          const eroOri = (stored.stateData as unknown as SubmissionState).routing.eroOri;
          const { detainer } = await detainers.reviewByRule(event.transactionId, {
            actor: "simulation:ERO",
            ori: eroOri,
          });
          await drain();
          if (detainer) scheduleDetainer(detainer, event.transactionId);
          return;
        }
        case "DETAINER": {
          const after = await act(event.detainerId, event);
          await drain();
          if (after && event.action === "HOLD") {
            const s = after.state as unknown as DetainerState;
            const deadline = Date.parse(s.holdDeadline ?? "");
            agenda.push(deadline, { kind: "WAKE" });
            const pickup = now + random.logNormal(P.ero.pickupMedianHours * HOUR, P.ero.pickupSigma);
            if (pickup < deadline)
              agenda.push(pickup, {
                kind: "DETAINER",
                detainerId: event.detainerId,
                action: "TRANSFER",
                role: "ERO",
              });
          }
          return;
        }
      }
    };

    const scheduleDetainer = (detainer: StoredDetainer, transactionId: string) => {
      detainerTransaction.set(detainer.id, transactionId);
      const served = now + P.ero.serveMinutes * MINUTE;
      const acknowledged = served + P.ero.acknowledgeMinutes * MINUTE;
      const release = served + random.logNormal(P.lea.custodyMedianDays * 24 * HOUR, P.lea.custodySigma);
      const notice = Math.max(acknowledged + MINUTE, release - P.lea.noticeHours * HOUR);
      const releaseAt = Math.max(notice + MINUTE, release);
      const d = (at: number, action: string, role: "ERO" | "LEA" | "LESC", extra: object = {}) =>
        agenda.push(at, { kind: "DETAINER", detainerId: detainer.id, action, role, ...extra });
      d(served, "SERVE", "ERO");
      d(acknowledged, "ACKNOWLEDGE", "LEA");
      d(notice, "RELEASE_NOTICE", "LEA", { releaseDueAt: new Date(releaseAt).toISOString() });
      d(releaseAt, random.chance(P.lea.honoursHold) ? "HOLD" : "RELEASE", "LEA");
      if (random.chance(P.ero.discretionaryLift))
        d(random.between(served + MINUTE, releaseAt), "LIFT", "ERO", { reason: "PROSECUTORIAL_DISCRETION" });
      // A detainer lodged on someone the IDENT record does not belong to.
      const booking = bookingOf.get(transactionId);
      const person = booking ? personById.get(booking.truth.personId) : undefined;
      const stateFin = detainerFinOf.get(transactionId);
      if (
        person &&
        stateFin !== undefined &&
        stateFin !== person.fin &&
        random.chance(P.ero.misidentificationFound)
      ) {
        const at = served + random.between(2 * HOUR, 72 * HOUR);
        const citizen = ["US_CITIZEN", "NATURALIZED_CITIZEN", "NATURALIZED_RECORD_NOT_UPDATED"].includes(
          person.immigrationStatus,
        );
        if (citizen) d(at, "US_CITIZEN_FOUND", "ERO");
        else d(at, "LIFT", "ERO", { reason: "MISIDENTIFICATION" });
      }
    };
    const detainerFinOf = new Map<string, string>();

    // The year's bookings.
    const stream = bookingStream({
      population,
      jurisdictions,
      seed,
      state,
      start: `${options.year}-01-01`,
      bookingsPerDay: options.bookings / 365,
    });
    const yearEnd = startOfLocalDay(`${options.year + 1}-01-01`, zone);
    const truth = {
      identMatches: [] as { transactionId: string; correct: boolean }[],
      missedMates: 0,
      matedSearches: 0,
    };
    let booked = 0;
    let stoppedAt: string | undefined;
    /** Sum of the FPIRs of the IDENT matches so far: the false matches the searches predict. */
    let predictedSoFar = 0;
    const bookingsStarted = performance.now();
    const cpuBookings = process.cpuUsage();
    let lastSay = bookingsStarted;
    /** The next booking's CAR, made ahead when its IDENT search was started ahead. */
    const carOf = new Map<string, Uint8Array>();
    /** The same CAR parsed: the hub's steps take it as the stored request (StoredRequests.remember). */
    const parsedCarOf = new Map<string, NistTransaction>();
    const probeSourceOf = (booking: Booking) => ({
      identity: personIndex.get(booking.truth.personId)!,
      impression: P.enrolledImpression + 1 + booking.truth.earlierBookingsInStream,
    });
    /**
     * The IDENT gallery does not change during the year, so the next booking's IDENT search can start
     * while this one's transitions run, when its routing (the same as at its submission) asks for one.
     */
    const searchAhead = async (next: Booking) => {
      const car = templateLevelCar(next);
      carOf.set(next.tcn, car);
      const parsed = parseTransaction(car);
      parsedCarOf.set(next.tcn, parsed);
      const read = storedBooking(parsed);
      // As the intake check gives them to the routing (SubmissionService.submit).
      const doa = read.arrest.date;
      const arrestingAgencyOri = read.tot === "CPNU" ? read.arrest.otherAgencyOris?.[0] : undefined;
      const routed = await route(
        {
          submitterOri: next.sibOri,
          leaOri: read.arrest.bookingAgencyOri,
          ...(arrestingAgencyOri
            ? { arrestingAgencyOri, arrestDate: `${doa.slice(0, 4)}-${doa.slice(4, 6)}-${doa.slice(6, 8)}` }
            : {}),
        },
        localInstant(next.bookedAt, zone),
      );
      if (!routed.routing.identSearch) return;
      probeOf.set(next.tcn, probeSourceOf(next));
      ident.prefetch(probeFingers(next.tcn));
    };
    const bookings = stream[Symbol.iterator]();
    for (let step = bookings.next(); !step.done; ) {
      const booking = step.value;
      step = bookings.next();
      const at = localInstant(booking.bookedAt, zone);
      if (booked >= options.bookings || at >= yearEnd) break;
      if (options.signal?.aborted) {
        stoppedAt = new Date(now).toISOString();
        say(`stopped after ${booked} of ${options.bookings} bookings (${stoppedAt.slice(0, 10)})`);
        break;
      }
      while (agenda.peekAt() <= at) {
        const next = agenda.pop()!;
        now = Math.max(now, next.at);
        await drain();
        await handleEvent(next.event);
      }
      now = Math.max(now, at);
      const person = personById.get(booking.truth.personId)!;
      if (!probeOf.has(booking.tcn)) probeOf.set(booking.tcn, probeSourceOf(booking));
      submitting = booking.tcn;
      const car = carOf.get(booking.tcn) ?? templateLevelCar(booking);
      carOf.delete(booking.tcn);
      const parsedCar = parsedCarOf.get(booking.tcn);
      parsedCarOf.delete(booking.tcn);
      const result = await submissions.submit(car, {
        submitterOri: booking.sibOri,
        actor: "simulation:LEA",
      });
      submitting = undefined;
      // Stored as submitted: its steps take the CAR parsed here rather than reading and parsing it back.
      if (result.created && result.transactionId && parsedCar)
        requests.remember(result.transactionId, parsedCar);
      booked++;
      if (!step.done && booked < options.bookings) await searchAhead(step.value);
      await drain();
      probeOf.delete(booking.tcn);
      const transactionId = result.transactionId;
      if (transactionId) {
        bookingOf.set(transactionId, booking);
        const stored = await storage.transactions.get(transactionId);
        const s = stored?.stateData as unknown as SubmissionState | undefined;
        if (s && s.identMatch !== undefined) {
          const mated = person.repositories.ident && person.fin !== undefined;
          if (mated) truth.matedSearches++;
          if (s.identMatch) {
            predictedSoFar += s.identMatch.fpir;
            truth.identMatches.push({ transactionId, correct: s.identMatch.identity === person.fin });
            detainerFinOf.set(transactionId, s.identMatch.identity);
          } else if (mated) truth.missedMates++;
        }
        if (stored?.state === "IAQ_SENT")
          agenda.push(now + random.logNormal(P.lesc.medianMinutes * MINUTE, P.lesc.sigma), {
            kind: "LESC_DECIDE",
            transactionId,
          });
        else bookingOf.delete(transactionId);
      }
      if (performance.now() - lastSay > 10_000) {
        lastSay = performance.now();
        const rate = booked / ((lastSay - bookingsStarted) / 1000);
        const used = process.cpuUsage(cpuBookings);
        const wrong = truth.identMatches.filter((m) => !m.correct).length;
        say(
          `${booked} bookings (${new Date(now).toISOString().slice(0, 10)}), ${rate.toFixed(2)}/s, ${((used.user + used.system) / 1000 / booked).toFixed(0)} ms CPU each (${cpuSeconds()} CPU-s in all), ${truth.identMatches.length} IDENT matches (${wrong} false, ${predictedSoFar.toPrecision(2)} predicted), ${truth.missedMates} mates missed of ${truth.matedSearches}, ${failedJobs} failed jobs`,
        );
      }
    }
    // The work the year's bookings left: decisions, detainers and hold clocks, until the tail's end.
    const stopAt = yearEnd + P.tailDays * 24 * HOUR;
    while (agenda.size > 0 && agenda.peekAt() <= stopAt) {
      const next = agenda.pop()!;
      now = Math.max(now, next.at);
      await drain();
      await handleEvent(next.event);
    }
    // The last simulated instant with any work: a stopped year writes no monthly reports past it.
    const lastWorkAt = now;
    now = Math.max(now, stopAt);
    await drain();
    const bookingsSeconds = (performance.now() - bookingsStarted) / 1000;
    const cpu = process.cpuUsage(cpuBookings);
    if (failures.length > 0) say(`${failedJobs} jobs failed, e.g. ${failures.join(" | ")}`);

    // Reports.
    const reportsStarted = performance.now();
    say(`${booked} bookings and the tail done, ${cpuSeconds()} CPU-s: writing the reports`);
    const formats = options.formats ?? ["html", "json", "csv"];
    const groundTruth: GroundTruth = truth;
    writeFileSync(join(options.outputDir, "ground-truth.json"), `${JSON.stringify(groundTruth)}\n`);
    files.push("ground-truth.json");
    // A stopped year's months after its work ended would show zeros, as if the state booked no one: they
    // are not written. The month the tail ended in is, since its decisions and holds count there.
    const monthOf = (m: number) => `${options.year}-${String(m).padStart(2, "0")}`;
    let lastMonth = stoppedAt ? 1 : 12;
    while (lastMonth < 12 && lastWorkAt >= monthBounds(monthOf(lastMonth), zone).end.getTime()) lastMonth++;
    for (let m = 1; m <= lastMonth; m++) {
      const month = monthOf(m);
      const report = await produceMonthlyReport(db, { month, state, timeZone: zone });
      for (const format of formats) {
        const name = `monthly-${state}-${month}.${format}`;
        writeFileSync(join(options.outputDir, name), (await renderReport(report, format)).body);
        files.push(name);
      }
      say(`monthly report ${month} written`);
    }
    const accountability = await produceAccountabilityReport(db, {
      state,
      timeZone: zone,
      from: monthBounds(`${options.year}-01`, zone).start,
      to: new Date(stoppedAt ? endOfLocalDay(stoppedAt, zone) : yearEnd),
      asOf: new Date(now),
      groundTruth,
    });
    for (const format of formats) {
      const name = `accountability-${state}-${options.year}.${format}`;
      writeFileSync(join(options.outputDir, name), (await renderReport(accountability, format)).body);
      files.push(name);
    }
    const reportsSeconds = (performance.now() - reportsStarted) / 1000;
    const f = accountability.falseMatches;
    const falseMatchIaqs = truth.identMatches.filter((m) => !m.correct).length;
    const totalSeconds = (performance.now() - started) / 1000;
    const summary: SimulationSummary = {
      synthetic: true,
      state,
      year: options.year,
      bookings: booked,
      galleries: { criminal: criminal.size, ident: ident.size },
      identSearches: f.identSearches,
      identMatches: f.identMatches,
      falseMatchIaqs,
      predictedFalseMatches: f.predicted,
      falseMatchIaqsPer100kBookings: {
        observed: (falseMatchIaqs / booked) * 100_000,
        predicted: (f.predicted / booked) * 100_000,
        boundAtThreshold: (f.boundAtThreshold / booked) * 100_000,
      },
      missedMates: truth.missedMates,
      matedSearches: truth.matedSearches,
      detainers: detainerTransaction.size,
      failedJobs,
      seconds: {
        setup: setupSeconds,
        bookings: bookingsSeconds,
        reports: reportsSeconds,
        total: totalSeconds,
      },
      costPerBooking: {
        wallMs: (bookingsSeconds * 1000) / booked,
        cpuMs: (cpu.user + cpu.system) / 1000 / booked,
      },
      ...(stoppedAt
        ? { stoppedEarly: { requestedBookings: options.bookings, lastBookingAt: stoppedAt } }
        : {}),
      files: [...files, "summary.json"],
    };
    writeFileSync(join(options.outputDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } finally {
    await intake?.close();
    await Promise.all(galleries.map((gallery) => gallery.close()));
    await handle.close();
  }
}

/**
 * The end of the local day an instant falls in: a stopped year's accountability report covers the
 * bookings up to its last one's day, and says so in its title, rather than naming the whole year.
 */
function endOfLocalDay(instant: string, zone: string): number {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date(instant));
  return startOfLocalDay(
    new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
    zone,
  );
}

/** A zone-less local time (YYYY-MM-DDTHH:MM:SS) as the instant it is in `zone`. */
function localInstant(local: string, zone: string): number {
  const [h, m, s] = local.slice(11, 19).split(":").map(Number) as [number, number, number];
  return startOfLocalDay(local.slice(0, 10), zone) + ((h * 60 + m) * 60 + s) * 1000;
}

/** The process's CPU time so far (all threads), in whole seconds, for progress lines. */
function cpuSeconds(): string {
  const used = process.cpuUsage();
  return ((used.user + used.system) / 1e6).toFixed(0);
}

function seedHash(seed: string): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16);
}
