import {
  buildErrt,
  buildIdr,
  buildSre,
  type NistTransaction,
  parseTransaction,
  responseContextOf,
  serializeTransaction,
  WsqError,
} from "@tenprint/nist";
import { ImageError } from "@tenprint/nist/image";
import type { Kysely } from "kysely";
import type { MessageType, WorkKind } from "../domain/domain-effects.js";
import { decideIdentification } from "../domain/identification-decision.js";
import { type SubmissionStatus, transitionSubmission } from "../domain/submission-workflow.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage, runTransition } from "../storage/hub-storage.js";
import { stateRecord, submissionStateOf } from "../storage/submission-state-record.js";
import type { Job } from "../storage/work-queue.js";
import type { BiometricRepository } from "./biometric-repository.js";
import { applyEffects } from "./effect-application.js";
import { ProbeImageError } from "./probe-image.js";
import { responseDate } from "./response-date.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";
import { StoredRequests, storedBooking } from "./stored-requests.js";
import { ProbeCache, type ProbeSource } from "./submission-probe.js";
import { searchSeconds, timed } from "./work-metrics.js";
import {
  JobError,
  type JobHandler,
  jobTransactionId,
  WorkflowWorker,
  type WorkOutcome,
} from "./workflow-worker.js";

export interface SubmissionWorkerOptions {
  /** ORI the hub answers from (1.008 ORI of the SRE and IDR when the request names no DAI). */
  readonly hubOri: string;
  readonly criminal: BiometricRepository;
  readonly ident: BiometricRepository;
  readonly clock?: () => Date;
  readonly leaseMs?: number;
  /** Shared with the arrest enrolment, which reuses the probe of the criminal search. */
  readonly probes?: ProbeSource;
  /** Parsed requests, shared with the arrest enrolment: a booking's request is read and parsed once. */
  readonly requests?: StoredRequests;
}

interface SearchStep {
  readonly from: SubmissionStatus;
  readonly repository: "criminal" | "ident";
  readonly response: MessageType;
  readonly event: "CRIMINAL_SEARCH_COMPLETED" | "IDENT_SEARCH_COMPLETED";
}

const STEPS: Partial<Record<WorkKind, SearchStep>> = {
  CRIMINAL_SEARCH: {
    from: "VALIDATED",
    repository: "criminal",
    response: "SRE",
    event: "CRIMINAL_SEARCH_COMPLETED",
  },
  IDENT_SEARCH: {
    from: "CRIMINAL_SEARCHED",
    repository: "ident",
    response: "IDR",
    event: "IDENT_SEARCH_COMPLETED",
  },
};

/**
 * Runs the search steps of submissions from the work queue. The search runs outside any database
 * transaction (a transaction may be retried, a search must not be); its result, the new state, the
 * response message, the audit events and the job's completion then commit together. A search that throws
 * leaves the job to be retried and nothing else written.
 */
export class SubmissionWorker implements JobHandler {
  readonly kinds = Object.keys(STEPS) as WorkKind[];
  readonly #probes: ProbeSource;
  readonly #requests: StoredRequests;
  readonly #db: Kysely<HubDatabase>;
  readonly #options: SubmissionWorkerOptions;

  constructor(db: Kysely<HubDatabase>, options: SubmissionWorkerOptions) {
    this.#db = db;
    this.#options = options;
    this.#probes = options.probes ?? new ProbeCache();
    this.#requests = options.requests ?? new StoredRequests();
  }

  /** Claims one due search job and runs it; `idle` when there is none. */
  processNext(workerId: string): Promise<WorkOutcome> {
    const leaseMs = this.#options.leaseMs ?? SERVICE_PARAMETERS.worker.leaseMs;
    return new WorkflowWorker(this.#db, [this], { ...this.#storageOptions(), leaseMs }).processNext(workerId);
  }

  async handle(job: Job, workerId: string): Promise<WorkOutcome> {
    const work = job.kind as WorkKind;
    const step = STEPS[work];
    if (!step) throw new JobError(`job ${job.id}: ${job.kind} is not a search`);
    const transactionId = jobTransactionId(job);
    const storage = createHubStorage(this.#db, this.#storageOptions());
    const stored = await storage.transactions.get(transactionId);
    if (!stored) throw new JobError(`job ${job.id}: transaction ${transactionId} does not exist`);
    if (stored.state !== step.from) {
      await storage.queue.complete(job.id, workerId);
      return { kind: "skipped", jobId: job.id, work, transactionId };
    }
    const request = await this.#requests.read(storage, transactionId);
    if (!request) throw new JobError(`transaction ${transactionId} has no stored request to search`);
    const repository = this.#options[step.repository];
    let probe: Awaited<ReturnType<ProbeSource["probe"]>>;
    try {
      probe = await this.#probes.probe(transactionId, request);
    } catch (error) {
      if (!isImageFailure(error)) throw error;
      const reason = `the booking's prints cannot be decoded: ${(error as Error).message}`;
      await this.#fail(job, workerId, reason, true);
      return { kind: "done", jobId: job.id, work, transactionId, status: "FAILED" };
    }
    const result = await timed(
      (seconds) => searchSeconds.observe({ repository: step.repository }, seconds),
      () => repository.identify(probe),
    );
    const match = decideIdentification(result);
    const subject = match ? await repository.get(match.identity) : undefined;
    const response =
      step.response === "SRE"
        ? buildSreResponse(request, this.#respondAs(), match && (subject?.fbiNumber ?? match.identity))
        : buildIdrResponse(request, this.#respondAs(), match && (subject?.fin ?? match.identity));
    const state = submissionStateOf(stored);
    const next = transitionSubmission(state, { type: step.event, result });
    return runTransition(
      this.#db,
      async (tx) => {
        await tx.transactions.update(transactionId, stored.version, {
          state: next.state.status,
          stateData: stateRecord(next.state),
        });
        await applyEffects(tx, next.effects, {
          actor: `worker:${workerId}`,
          ori: this.#options.hubOri,
          purpose: SERVICE_PARAMETERS.purpose,
          transactionId,
          payloads: { [step.response]: serializeTransaction(response) },
        });
        // A worker whose lease ran out must not commit: another worker owns the job now.
        if (!(await tx.queue.complete(job.id, workerId)))
          throw new JobError(`job ${job.id}: lease lost before the result could be written`);
        return { kind: "done", jobId: job.id, work, transactionId, status: next.state.status };
      },
      this.#storageOptions(),
    );
  }

  async onExhausted(job: Job, error: string, workerId: string): Promise<void> {
    await this.#fail(job, workerId, `the ${job.kind} step failed on every attempt: ${error}`, false);
  }

  /**
   * Ends the job's booking FAILED with an ERRT to its submitter and an audit event, if it still waits for
   * this step; with `completeJob`, the job completes in the same transaction.
   */
  async #fail(job: Job, workerId: string, reason: string, completeJob: boolean): Promise<void> {
    const step = STEPS[job.kind as WorkKind];
    const transactionId = job.payload.transactionId;
    // A job naming no transaction has no booking to end; it stays failed for a person.
    if (typeof transactionId !== "string") return;
    const storage = createHubStorage(this.#db, this.#storageOptions());
    const stored = await storage.transactions.get(transactionId);
    if (!step || !stored || stored.state !== step.from) return;
    const next = transitionSubmission(submissionStateOf(stored), {
      type: "PROCESSING_FAILED",
      reason,
    });
    const bytes = await storage.transactions.getRequest(transactionId);
    let request: NistTransaction | undefined;
    try {
      request = bytes ? parseTransaction(bytes) : undefined;
    } catch {
      request = undefined;
    }
    const { date, ori } = this.#respondAs();
    const errt = buildErrt(
      request,
      [{ recordIndex: 0, recordType: 1, tag: "1.001", mnemonic: "LEN", reason, severity: "error" }],
      {
        tcn: `ERRT${transactionId.replaceAll("-", "").slice(0, 16).toUpperCase()}`,
        date,
        ori,
        dai: stored.submitterOri,
      },
    );
    await runTransition(
      this.#db,
      async (tx) => {
        await tx.transactions.update(transactionId, stored.version, {
          state: next.state.status,
          stateData: stateRecord(next.state),
        });
        await applyEffects(tx, next.effects, {
          actor: `worker:${workerId}`,
          ori: this.#options.hubOri,
          purpose: SERVICE_PARAMETERS.purpose,
          transactionId,
          payloads: { ERRT: serializeTransaction(errt) },
        });
        if (completeJob && !(await tx.queue.complete(job.id, workerId)))
          throw new JobError(`job ${job.id}: lease lost before the failure could be written`);
      },
      this.#storageOptions(),
    );
  }

  /** The response's date and, for a request without a readable DAI, the ORI it comes from. */
  #respondAs(): { date: string; ori: string } {
    return {
      date: responseDate(this.#options.clock ? this.#options.clock() : new Date()),
      ori: this.#options.hubOri,
    };
  }

  #storageOptions() {
    return this.#options.clock ? { clock: this.#options.clock } : {};
  }
}

function buildSreResponse(
  request: NistTransaction,
  respondAs: { date: string; ori: string },
  fbiNumber: string | null | undefined,
): NistTransaction {
  const booking = storedBooking(request);
  return buildSre({
    context: responseContextOf(request, { ...respondAs, tcn: `SRE${booking.header.tcn}` }),
    name: booking.subject.name,
    cri: booking.arrest.bookingAgencyOri,
    result: fbiNumber ? { kind: "ident", fbiNumber } : { kind: "non-ident" },
  });
}

function buildIdrResponse(
  request: NistTransaction,
  respondAs: { date: string; ori: string },
  fin: string | null | undefined,
): NistTransaction {
  const booking = storedBooking(request);
  return buildIdr({
    context: responseContextOf(request, { ...respondAs, tcn: `IDR${booking.header.tcn}` }),
    name: booking.subject.name,
    cri: booking.arrest.bookingAgencyOri,
    result: fin ? { match: true, fin } : { match: false },
  });
}

/** Errors of a booking's images themselves (as opposed to the machine): retrying cannot help. */
function isImageFailure(error: unknown): error is Error {
  return error instanceof WsqError || error instanceof ImageError || error instanceof ProbeImageError;
}
