import {
  buildIar,
  type ImmigrationStatusCode,
  LESC_ORI,
  parseTransaction,
  readBooking,
  responseContextOf,
  serializeTransaction,
} from "@tenprint/nist";
import type { Kysely } from "kysely";
import type { WorkKind } from "../domain/domain-effects.js";
import { DOMAIN_PARAMETERS } from "../domain/domain-parameters.js";
import {
  determineStatus,
  type LescDetermination,
  type LescProposal,
  proposeDetermination,
  summarizeQueue,
} from "../domain/lesc-determination.js";
import { type SubmissionState, transitionSubmission } from "../domain/submission-workflow.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage, runTransition } from "../storage/hub-storage.js";
import { lescProposalOf, lescProposalRecord } from "../storage/lesc-proposal-record.js";
import { stateRecord, submissionStateOf } from "../storage/submission-state-record.js";
import type { Job } from "../storage/work-queue.js";
import { applyEffects, messageId } from "./effect-application.js";
import { responseDate } from "./response-date.js";
import { ConflictError, NotFoundError } from "./service-error.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";
import { asSubjectRecord } from "./subject-record.js";
import { JobError, type JobHandler, jobTransactionId, type WorkOutcome } from "./workflow-worker.js";

export interface LescServiceOptions {
  readonly clock?: () => Date;
  /**
   * Confirm every proposal (true), or those of the bookings the function picks, as soon as it is queued,
   * as analyst `auto`. Only for demonstrations: the programme's safeguard is that a person reviews each
   * status before an IAR goes out; the demo leaves a share of cases to one.
   */
  readonly autoConfirm?: boolean | ((transactionId: string) => boolean);
}

export interface LescDecisionInput {
  readonly analyst: string;
  /** Omit to confirm the proposal. */
  readonly status?: ImmigrationStatusCode;
  /** Required when the status differs from the proposal. */
  readonly note?: string;
  /** The IDENT record is not the booked person's (needs a note). */
  readonly matchOverturned?: boolean;
}

export interface Caller {
  readonly actor: string;
  readonly ori: string;
}

export interface LescQueueView {
  /** Every pending review, not only the page's. */
  readonly count: number;
  /** Age of the oldest pending review. */
  readonly oldestAgeMs: number;
  /** Median age of the page's reviews. */
  readonly medianAgeMs: number;
  /** Pending reviews older than the target, over the whole queue. */
  readonly overdue: number;
  /** The age past which a review is overdue. */
  readonly targetMs: number;
  /** Position of the page's first review in the queue. */
  readonly offset: number;
  readonly items: readonly {
    readonly transactionId: string;
    readonly iaqId: string;
    readonly fin: string;
    readonly proposal: LescProposal;
    readonly enqueuedAt: string;
    readonly ageMs: number;
  }[];
}

/**
 * The LESC: each IAQ becomes a review whose status the rules propose from the IDENT record; an analyst
 * confirms or changes it, and the determination answers the IAQ with an IAR to the booking agency and the
 * ERO field office. The LESC_REVIEW job only queues the proposal.
 */
export class LescService implements JobHandler {
  readonly kinds: readonly WorkKind[] = ["LESC_REVIEW"];
  readonly #db: Kysely<HubDatabase>;
  readonly #clock: () => Date;
  readonly #autoConfirm: (transactionId: string) => boolean;

  constructor(db: Kysely<HubDatabase>, options: LescServiceOptions = {}) {
    this.#db = db;
    this.#clock = options.clock ?? (() => new Date());
    const auto = options.autoConfirm ?? false;
    this.#autoConfirm = typeof auto === "function" ? auto : () => auto;
  }

  async handle(job: Job, workerId: string): Promise<WorkOutcome> {
    const transactionId = jobTransactionId(job);
    const storage = createHubStorage(this.#db, { clock: this.#clock });
    const stored = await storage.transactions.get(transactionId);
    if (!stored) throw new JobError(`job ${job.id}: transaction ${transactionId} does not exist`);
    const state = submissionStateOf(stored);
    if (stored.state !== "IAQ_SENT" || !state.identMatch || !state.iaqId) {
      await storage.queue.complete(job.id, workerId);
      return { kind: "skipped", jobId: job.id, work: "LESC_REVIEW", transactionId };
    }
    const fin = state.identMatch.identity;
    const record = asSubjectRecord(await storage.subjects.get("ident", fin));
    const proposal = proposeDetermination({
      record: record?.immigration ?? null,
      ...(record?.corroboration ? { corroboration: record.corroboration } : {}),
    });
    const iaqId = state.iaqId;
    const autoConfirm = this.#autoConfirm(transactionId);
    await runTransition(
      this.#db,
      async (tx) => {
        const { created } = await tx.lescReviews.enqueue({
          transactionId,
          iaqId,
          fin,
          proposal: lescProposalRecord(proposal),
        });
        if (created)
          await tx.audit.append({
            actor: `worker:${workerId}`,
            ori: LESC_ORI,
            purpose: SERVICE_PARAMETERS.purpose,
            action: "LESC_REVIEW_QUEUED",
            object: `transaction:${transactionId}`,
            details: { iaqId, proposedStatus: proposal.status, rule: proposal.rule },
          });
        // Auto-confirmation keeps the job open until the determination commits: a crash in between must
        // leave work that resumes it, or the booking would rest in IAQ_SENT with nobody to answer it.
        if (autoConfirm) return;
        if (!(await tx.queue.complete(job.id, workerId)))
          throw new JobError(`job ${job.id}: lease lost before the review could be queued`);
      },
      { clock: this.#clock },
    );
    if (autoConfirm) {
      const { status } = await this.determine(
        transactionId,
        { analyst: "auto" },
        { actor: `worker:${workerId}`, ori: LESC_ORI },
      );
      await storage.queue.complete(job.id, workerId);
      return { kind: "done", jobId: job.id, work: "LESC_REVIEW", transactionId, status };
    }
    return { kind: "done", jobId: job.id, work: "LESC_REVIEW", transactionId, status: stored.state };
  }

  /**
   * Pending reviews, oldest first, with their age: the order analysts should work them. `offset` pages
   * through a long queue; the counts are the whole queue's.
   */
  async queue(limit = 100, offset = 0): Promise<LescQueueView> {
    const storage = createHubStorage(this.#db, { clock: this.#clock });
    const now = this.#clock();
    const targetMs = DOMAIN_PARAMETERS.lesc.overdueAfterMs;
    const [pending, count, overdue, oldest] = await Promise.all([
      storage.lescReviews.listPending(limit, offset),
      storage.lescReviews.countPending(),
      storage.lescReviews.countPendingBefore(new Date(now.getTime() - targetMs)),
      offset === 0 ? undefined : storage.lescReviews.listPending(1),
    ]);
    const summary = summarizeQueue(
      pending.map((review) => ({ iaqId: review.iaqId, enqueuedAt: review.enqueuedAt })),
      now,
      targetMs,
    );
    const first = oldest?.[0];
    return {
      count,
      oldestAgeMs: first ? Math.max(0, now.getTime() - first.enqueuedAt.getTime()) : summary.oldestAgeMs,
      medianAgeMs: summary.medianAgeMs,
      overdue,
      targetMs,
      offset,
      items: pending.map((review) => ({
        transactionId: review.transactionId,
        iaqId: review.iaqId,
        fin: review.fin,
        proposal: lescProposalOf(review),
        enqueuedAt: review.enqueuedAt.toISOString(),
        ageMs: Math.max(0, now.getTime() - review.enqueuedAt.getTime()),
      })),
    };
  }

  /** The analyst's decision on one review: answers the IAQ with the IAR and queues ERO's review. */
  async determine(
    transactionId: string,
    decision: LescDecisionInput,
    caller: Caller,
  ): Promise<{ status: string; determination: LescDetermination }> {
    const storage = createHubStorage(this.#db, { clock: this.#clock });
    const review = await storage.lescReviews.get(transactionId);
    if (!review) throw new NotFoundError(`lesc-review:${transactionId}`);
    if (review.status !== "pending")
      throw new ConflictError(`lesc-review:${transactionId}`, `IAQ ${review.iaqId} was already determined`);
    const stored = await storage.transactions.get(transactionId);
    if (!stored) throw new NotFoundError(`transaction:${transactionId}`);
    const state = submissionStateOf(stored);
    const determination = determineStatus(lescProposalOf(review), {
      ...decision,
      at: this.#clock(),
    });
    const next = transitionSubmission(state, { type: "LESC_DETERMINED", determination });
    const iar = await this.#iar(transactionId, state, determination);
    await runTransition(
      this.#db,
      async (tx) => {
        if (!(await tx.lescReviews.markDetermined(transactionId, { ...determination })))
          throw new ConflictError(
            `lesc-review:${transactionId}`,
            `IAQ ${review.iaqId} was already determined`,
          );
        await tx.transactions.update(transactionId, stored.version, {
          state: next.state.status,
          stateData: stateRecord(next.state),
        });
        await applyEffects(tx, next.effects, {
          actor: caller.actor,
          ori: caller.ori,
          purpose: SERVICE_PARAMETERS.purpose,
          transactionId,
          payloads: { IAR: iar },
        });
      },
      { clock: this.#clock },
    );
    return { status: next.state.status, determination };
  }

  /** The IAR as an EBTS file answering the stored IAQ (TCR = the IAQ's TCN). */
  async #iar(
    transactionId: string,
    state: SubmissionState,
    determination: LescDetermination,
  ): Promise<Uint8Array> {
    const storage = createHubStorage(this.#db, { clock: this.#clock });
    const iaqMessage = await storage.outbox.get(
      messageId({ actor: "", ori: "", transactionId }, "IAQ", LESC_ORI),
    );
    if (!iaqMessage?.payload) throw new ConflictError(`transaction:${transactionId}`, "no IAQ was stored");
    const iaq = parseTransaction(iaqMessage.payload);
    const request = await storage.transactions.getRequest(transactionId);
    if (!request) throw new ConflictError(`transaction:${transactionId}`, "no booking was stored");
    const booking = readBooking(parseTransaction(request));
    const fin = state.identMatch?.identity;
    const record = fin ? asSubjectRecord(await storage.subjects.get("ident", fin)) : undefined;
    const remarks = determination.note ?? `STATUS BY RULE ${determination.proposal.rule}`;
    const iar = buildIar({
      context: responseContextOf(iaq, {
        tcn: `IAR${transactionId.replaceAll("-", "").slice(0, 24).toUpperCase()}`,
        date: responseDate(this.#clock()),
        ori: LESC_ORI,
      }),
      status: determination.status,
      name: record?.name ?? booking.subject.name,
      dateOfBirth: record?.dateOfBirth ?? booking.subject.dateOfBirth,
      sex: record?.sex ?? booking.subject.sex,
      ...(record?.placeOfBirth ? { placeOfBirth: record.placeOfBirth } : {}),
      ...(record?.citizenship ? { citizenship: record.citizenship } : {}),
      ...(record?.aNumber ? { aNumber: record.aNumber } : {}),
      ...(fin ? { fin } : {}),
      remarks: remarks.slice(0, 4000),
      copyTo: [state.routing.eroOri],
    });
    return serializeTransaction(iar);
  }
}
