import { createHash } from "node:crypto";
import type { Booking } from "@tenprint/nist";
import type { Kysely } from "kysely";
import { chargeSeverity } from "../domain/charge-severity.js";
import type { ArrestEvent } from "../domain/criminal-history.js";
import type { WorkKind } from "../domain/domain-effects.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage, runTransition } from "../storage/hub-storage.js";
import { submissionStateOf } from "../storage/submission-state-record.js";
import type { Job } from "../storage/work-queue.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";
import type { EnrolmentBatchItem } from "./stored-repository.js";
import { StoredRequests, storedBooking } from "./stored-requests.js";
import type { ProbeSource } from "./submission-probe.js";
import { JobError, type JobHandler, jobTransactionId, type WorkOutcome } from "./workflow-worker.js";

/**
 * The FBI number a non-ident arrest establishes: six digits and "SH" (synthetic, hub-assigned) and a
 * check digit, derived from the transaction so that a replayed enrolment writes the same record.
 */
export function establishedFbiNumber(transactionId: string): string {
  const digest = createHash("sha256").update(transactionId).digest();
  const digits = String(digest.readUInt32BE(0) % 1_000_000).padStart(6, "0");
  return `${digits}SH${digest[4]! % 10}`;
}

/** The arrest a booking records, as a criminal history holds it (charges without an NCIC code left out). */
export function arrestEventOf(booking: Booking, agencyOri: string): ArrestEvent {
  return {
    date: booking.arrest.date,
    state: agencyOri.slice(0, 2),
    agencyOri,
    charges: booking.arrest.charges.flatMap((charge) =>
      charge.ncic
        ? [
            {
              ncic: charge.ncic,
              literal: charge.literal,
              disposition: "PENDING" as const,
              severity: chargeSeverity(charge.ncic),
            },
          ]
        : [],
    ),
  };
}

export interface ArrestEnrolmentOptions {
  /** The criminal repository (StoredBiometricRepository, or a simulation's in-memory one). */
  readonly criminal: { enrolMany(items: readonly EnrolmentBatchItem[]): Promise<void> };
  readonly probes: ProbeSource;
  readonly hubOri: string;
  /** Parsed requests, shared with the SubmissionWorker whose searches came first. */
  readonly requests?: StoredRequests;
  /** Time source for the audit record and the job's completion; tests and simulations pass theirs. */
  readonly clock?: () => Date;
}

/**
 * The criminal repository's side of a retained booking that matched nobody: a new record with the
 * booking's biographics, charges and prints, so the person's next arrest is identified (IAFIS establishes
 * an FBI number the same way). Runs after the SRE is recorded, never inside the search step, so a
 * retried search can never identify a booking with its own enrolment.
 */
export class ArrestEnrolment implements JobHandler {
  readonly kinds: readonly WorkKind[] = ["ENROL_ARREST"];
  readonly #db: Kysely<HubDatabase>;
  readonly #options: ArrestEnrolmentOptions;
  readonly #requests: StoredRequests;

  constructor(db: Kysely<HubDatabase>, options: ArrestEnrolmentOptions) {
    this.#db = db;
    this.#options = options;
    this.#requests = options.requests ?? new StoredRequests();
  }

  async handle(job: Job, workerId: string): Promise<WorkOutcome> {
    const transactionId = jobTransactionId(job);
    const storage = createHubStorage(this.#db);
    const stored = await storage.transactions.get(transactionId);
    if (!stored) throw new JobError(`job ${job.id}: transaction ${transactionId} does not exist`);
    const request = await this.#requests.read(storage, transactionId);
    if (!request) throw new JobError(`transaction ${transactionId} has no stored request to enrol`);
    // The enrolment is a booking's last step that reads its request.
    this.#requests.forget(transactionId);
    const booking = storedBooking(request);
    const fbiNumber = establishedFbiNumber(transactionId);
    const state = submissionStateOf(stored);
    const fingers = await this.#options.probes.probe(transactionId, request);
    await this.#options.criminal.enrolMany([
      {
        record: {
          synthetic: stored.tcn.startsWith("SYN"),
          identity: fbiNumber,
          fbiNumber,
          name: booking.subject.name,
          dateOfBirth: booking.subject.dateOfBirth,
          sex: booking.subject.sex,
          placeOfBirth: booking.subject.placeOfBirth,
          ...(booking.subject.citizenship ? { citizenship: booking.subject.citizenship } : {}),
          criminalHistory: [arrestEventOf(booking, state.leaOri)],
        },
        fingers,
      },
    ]);
    await runTransition(
      this.#db,
      async (tx) => {
        await tx.audit.append({
          actor: `worker:${workerId}`,
          ori: this.#options.hubOri,
          purpose: SERVICE_PARAMETERS.purpose,
          action: "ARREST_ENROLLED",
          object: `transaction:${stored.id}`,
          details: { fbiNumber, repository: "criminal" },
        });
        if (!(await tx.queue.complete(job.id, workerId)))
          throw new JobError(`job ${job.id}: lease lost before the enrolment could be recorded`);
      },
      this.#options.clock ? { clock: this.#options.clock } : {},
    );
    return { kind: "done", jobId: job.id, work: "ENROL_ARREST", transactionId, status: stored.state };
  }
}
