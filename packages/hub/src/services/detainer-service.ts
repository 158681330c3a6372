import { parseTransaction, readBooking } from "@tenprint/nist";
import type { Kysely } from "kysely";
import {
  type DetainerEvent,
  type DetainerForm,
  type DetainerState,
  issueDetainer,
  transitionDetainer,
} from "../domain/detainer-lifecycle.js";
import { DETAINER_ACTIONS_BY_ROLE, type DetainerActionType } from "../domain/detainer-roles.js";
import type { Effect, WorkKind } from "../domain/domain-effects.js";
import { assessPriority, type PriorityAssessment, type RuleSetId } from "../domain/priority-levels.js";
import { type SubmissionState, transitionSubmission } from "../domain/submission-workflow.js";
import type { HubDatabase } from "../storage/database-schema.js";
import type { DetainerListFilter, StoredDetainer } from "../storage/detainer-repository.js";
import { detainerStateOf, detainerStateRecord } from "../storage/detainer-state-record.js";
import { createHubStorage, type HubStorage, runTransition } from "../storage/hub-storage.js";
import { stateRecord, submissionStateOf } from "../storage/submission-state-record.js";
import type { Job } from "../storage/work-queue.js";
import { deterministicId } from "./deterministic-id.js";
import { applyEffects } from "./effect-application.js";
import { priorityInputOf } from "./priority-input.js";
import { ConflictError, ForbiddenError, NotFoundError } from "./service-error.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";
import { asSubjectRecord } from "./subject-record.js";
import { JobError, type JobHandler, jobTransactionId, type WorkOutcome } from "./workflow-worker.js";

/** A detainer action as a caller sends it; the service stamps the time. */
export type DetainerAction =
  | { readonly type: "SERVE" | "ACKNOWLEDGE" | "HOLD" | "TRANSFER" | "RELEASE" }
  | { readonly type: "US_CITIZEN_FOUND" }
  | { readonly type: "RELEASE_NOTICE"; readonly releaseDueAt: string }
  | { readonly type: "LIFT"; readonly reason: string };

export type { DetainerActionType };
export { DETAINER_ACTIONS_BY_ROLE };

export interface DetainerCaller {
  readonly actor: string;
  readonly ori: string;
  readonly role: string;
}

export interface DetainerServiceOptions {
  readonly clock?: () => Date;
  /** The priority scheme in force; its id and version are stored with every assessment. */
  readonly ruleSet?: RuleSetId;
  /**
   * Decide every ERO review by rule (issue when the IAR gives a detainer basis and the rule set gives a
   * priority) and serve at once; a function picks the bookings decided so. Only for demonstrations: ERO
   * officers decide in the real programme.
   */
  readonly autoReview?: boolean | ((transactionId: string) => boolean);
}

export interface EroReviewItem {
  readonly transactionId: string;
  readonly tcn: string;
  readonly leaOri: string;
  readonly iarStatus: string;
  readonly detainerBasis: string | null;
  /** The LESC found the IDENT record was not this person's. */
  readonly matchOverturned: boolean;
  readonly priority: PriorityAssessment;
}

/**
 * The rule that stands in for an ERO officer (demonstrations and simulations only): a detainer when the
 * IAR gives a probable-cause basis, the person is not a citizen, the match stands and the rule set
 * gives a priority.
 */
export function eroRuleIssues(item: EroReviewItem): boolean {
  return (
    item.detainerBasis !== null &&
    item.iarStatus !== "USC" &&
    !item.matchOverturned &&
    item.priority.level !== null
  );
}

/** The form a rule set's era used for a detainer that asks for a hold. */
const FORM_OF: Readonly<Record<RuleSetId, DetainerForm>> = {
  SC_2008: "I-247",
  THREAT_2011: "I-247",
  PEP_2014: "I-247D",
};

/**
 * ERO's side: reviews of IARs (issue a detainer or not, with the priority level and its inputs stored),
 * and the detainer's life, each action checked against the caller's role and agency.
 */
export class DetainerService implements JobHandler {
  readonly kinds: readonly WorkKind[] = ["ERO_REVIEW", "CHECK_HOLD_EXPIRY", "OPEN_REDRESS"];
  readonly #db: Kysely<HubDatabase>;
  readonly #clock: () => Date;
  readonly #ruleSet: RuleSetId;
  readonly #autoReview: (transactionId: string) => boolean;

  constructor(db: Kysely<HubDatabase>, options: DetainerServiceOptions = {}) {
    this.#db = db;
    this.#clock = options.clock ?? (() => new Date());
    this.#ruleSet = options.ruleSet ?? "PEP_2014";
    const auto = options.autoReview ?? false;
    this.#autoReview = typeof auto === "function" ? auto : () => auto;
  }

  #storage(): HubStorage {
    return createHubStorage(this.#db, { clock: this.#clock });
  }

  async handle(job: Job, workerId: string): Promise<WorkOutcome> {
    const transactionId = jobTransactionId(job);
    const work = job.kind as WorkKind;
    const worker = { actor: `worker:${workerId}`, ori: "", role: "ERO" };
    switch (work) {
      case "ERO_REVIEW": {
        const stored = await this.#storage().transactions.get(transactionId);
        if (!stored) throw new JobError(`job ${job.id}: transaction ${transactionId} does not exist`);
        const state = submissionStateOf(stored);
        const autoReview = this.#autoReview(transactionId);
        if (stored.state !== "IAR_RETURNED" || !autoReview) {
          // A crash between the review's commit and the service left the detainer issued: serve it now.
          if (autoReview && stored.state === "CLOSED")
            await this.#serveIssued(transactionId, { ...worker, ori: state.routing.eroOri });
          await this.#storage().queue.complete(job.id, workerId);
          return { kind: "skipped", jobId: job.id, work, transactionId };
        }
        const caller = { ...worker, ori: state.routing.eroOri };
        const { detainer } = await this.reviewByRule(transactionId, caller);
        if (detainer) await this.act(detainer.id, { type: "SERVE" }, caller);
        await this.#storage().queue.complete(job.id, workerId);
        return { kind: "done", jobId: job.id, work, transactionId, status: "CLOSED" };
      }
      case "CHECK_HOLD_EXPIRY": {
        const detainer = await this.#storage().detainers.getByTransaction(transactionId);
        if (!detainer) throw new JobError(`job ${job.id}: no detainer for transaction ${transactionId}`);
        const state = detainerStateOf(detainer);
        if (detainer.status !== "HOLDING") {
          await this.#storage().queue.complete(job.id, workerId);
          return { kind: "skipped", jobId: job.id, work, transactionId };
        }
        if (state.holdDeadline && this.#clock().toISOString() < state.holdDeadline)
          throw new JobError(`detainer ${detainer.id}: the hold runs until ${state.holdDeadline}`);
        const expired = await this.#transition(detainer, { type: "EXPIRE", at: this.#clock() }, worker);
        await this.#storage().queue.complete(job.id, workerId);
        return { kind: "done", jobId: job.id, work, transactionId, status: expired.status };
      }
      case "OPEN_REDRESS": {
        await runTransition(
          this.#db,
          async (tx) => {
            await tx.audit.append({
              actor: worker.actor,
              ori: "",
              purpose: "record correction",
              action: "REDRESS_OPENED",
              object: String(job.payload.object ?? `transaction:${transactionId}`),
              details: { transactionId },
            });
            if (!(await tx.queue.complete(job.id, workerId)))
              throw new JobError(`job ${job.id}: lease lost before the redress case could be opened`);
          },
          { clock: this.#clock },
        );
        return { kind: "done", jobId: job.id, work, transactionId, status: "REDRESS_OPENED" };
      }
      default:
        throw new JobError(`job ${job.id}: ${job.kind} is not an ERO job`);
    }
  }

  /** Bookings whose IAR reached `eroOri` and which ERO has not reviewed, with their priority. */
  async reviewQueue(eroOri: string, limit = 100): Promise<EroReviewItem[]> {
    const waiting = await this.#storage().transactions.list({ state: "IAR_RETURNED", limit: 10 * limit });
    const mine = waiting.filter((t) => submissionStateOf(t).routing.eroOri === eroOri);
    return Promise.all(mine.slice(0, limit).map((t) => this.#reviewItem(t.id, submissionStateOf(t))));
  }

  /**
   * ERO's decision by `eroRuleIssues` instead of an officer: demonstrations (autoReview) and simulations
   * only. Issues without serving.
   */
  async reviewByRule(
    transactionId: string,
    caller: Pick<DetainerCaller, "actor" | "ori">,
  ): Promise<{ detainer?: StoredDetainer }> {
    const stored = await this.#storage().transactions.get(transactionId);
    if (!stored) throw new NotFoundError(`transaction:${transactionId}`);
    const item = await this.#reviewItem(transactionId, submissionStateOf(stored));
    return this.review(transactionId, { issueDetainer: eroRuleIssues(item) }, caller);
  }

  /** ERO's decision on one IAR: a detainer or none, with the priority assessment it rests on. */
  async review(
    transactionId: string,
    decision: { readonly issueDetainer: boolean; readonly form?: DetainerForm },
    caller: Pick<DetainerCaller, "actor" | "ori">,
  ): Promise<{ detainer?: StoredDetainer }> {
    const stored = await this.#storage().transactions.get(transactionId);
    if (!stored) throw new NotFoundError(`transaction:${transactionId}`);
    const state = submissionStateOf(stored);
    // Another office is told nothing, not even that the booking exists (OWASP API1: object-level access).
    if (state.routing?.eroOri !== caller.ori)
      throw new NotFoundError(
        `transaction:${transactionId}`,
        `transaction ${transactionId} does not exist or is not awaiting review by ${caller.ori}`,
      );
    if (stored.state !== "IAR_RETURNED" || !state.determination)
      throw new ConflictError(
        `transaction:${transactionId}`,
        `it is ${stored.state}, not awaiting ERO review`,
      );
    const item = await this.#reviewItem(transactionId, state);
    const next = transitionSubmission(state, {
      type: "ERO_REVIEWED",
      detainerIssued: decision.issueDetainer,
      priority: item.priority,
    });
    let issued: { state: DetainerState; effects: readonly Effect[] } | undefined;
    if (decision.issueDetainer) {
      const basis = state.determination.proposal.detainerBasis;
      if (state.determination.status === "USC")
        throw new ConflictError(`transaction:${transactionId}`, "the LESC found a US citizen: no detainer");
      if (state.determination.matchOverturned)
        throw new ConflictError(
          `transaction:${transactionId}`,
          "the LESC overturned the IDENT match: no detainer may rest on another person's record",
        );
      if (!basis)
        throw new ConflictError(
          `transaction:${transactionId}`,
          `status ${state.determination.status} gives no probable-cause basis for a detainer`,
        );
      issued = issueDetainer({
        id: deterministicId("detainer", transactionId),
        tcn: state.tcn,
        form: decision.form ?? FORM_OF[this.#ruleSet],
        basis,
        leaOri: state.leaOri,
        eroOri: state.routing.eroOri,
        facilityTimeZone: await this.#facilityTimeZone(state.leaOri),
        issuedAt: this.#clock(),
      });
    }
    return runTransition(
      this.#db,
      async (tx) => {
        await tx.transactions.update(transactionId, stored.version, {
          state: next.state.status,
          stateData: stateRecord(next.state),
        });
        const actor = { ...caller, purpose: SERVICE_PARAMETERS.purpose, transactionId };
        await applyEffects(tx, next.effects, actor);
        if (!issued) return {};
        const { detainer } = await tx.detainers.create({
          id: issued.state.id,
          transactionId,
          leaOri: issued.state.leaOri,
          eroOri: issued.state.eroOri,
          status: issued.state.status,
          state: detainerStateRecord(issued.state),
          priority: { ...item.priority },
        });
        await applyEffects(tx, issued.effects, actor);
        return { detainer };
      },
      { clock: this.#clock },
    );
  }

  async get(id: string): Promise<StoredDetainer | undefined> {
    return this.#storage().detainers.get(id);
  }

  async list(filter: DetainerListFilter = {}): Promise<StoredDetainer[]> {
    return this.#storage().detainers.list(filter);
  }

  /** One action on a detainer by a caller whose role may send it and whose agency is party to it. */
  async act(id: string, action: DetainerAction, caller: DetainerCaller): Promise<StoredDetainer> {
    const detainer = await this.#storage().detainers.get(id);
    if (!detainer) throw new NotFoundError(`detainer:${id}`);
    const party =
      caller.role === "LEA" ? detainer.leaOri : caller.role === "ERO" ? detainer.eroOri : caller.ori;
    // A non-party learns nothing, not even that the detainer exists; a party is told what its role may do.
    if (party !== caller.ori)
      throw new NotFoundError(
        `detainer:${id}`,
        `detainer ${id} does not exist or ${caller.ori} is not party to it`,
      );
    const allowed = DETAINER_ACTIONS_BY_ROLE[caller.role] ?? [];
    if (!allowed.includes(action.type))
      throw new ForbiddenError(`detainer:${id}`, `role ${caller.role} may not send ${action.type}`);
    const at = this.#clock();
    const event: DetainerEvent =
      action.type === "US_CITIZEN_FOUND" ? { type: action.type, at, by: caller.actor } : { ...action, at };
    return this.#transition(detainer, event, caller);
  }

  async #transition(
    detainer: StoredDetainer,
    event: DetainerEvent,
    caller: Pick<DetainerCaller, "actor" | "ori">,
  ): Promise<StoredDetainer> {
    const next = transitionDetainer(detainerStateOf(detainer), event);
    return runTransition(
      this.#db,
      async (tx) => {
        const updated = await tx.detainers.update(detainer.id, detainer.version, {
          status: next.state.status,
          state: detainerStateRecord(next.state),
        });
        await applyEffects(tx, next.effects, {
          ...caller,
          purpose: SERVICE_PARAMETERS.purpose,
          transactionId: detainer.transactionId,
        });
        return updated;
      },
      { clock: this.#clock },
    );
  }

  async #serveIssued(transactionId: string, caller: DetainerCaller): Promise<void> {
    const detainer = await this.#storage().detainers.getByTransaction(transactionId);
    if (detainer?.status === "ISSUED") await this.act(detainer.id, { type: "SERVE" }, caller);
  }

  async #reviewItem(transactionId: string, state: SubmissionState): Promise<EroReviewItem> {
    const storage = this.#storage();
    const request = await storage.transactions.getRequest(transactionId);
    if (!request) throw new ConflictError(`transaction:${transactionId}`, "no booking was stored");
    const charges = readBooking(parseTransaction(request)).arrest.charges;
    const criminal = state.criminalMatch
      ? asSubjectRecord(await storage.subjects.get("criminal", state.criminalMatch.identity))
      : undefined;
    const ident = state.identMatch
      ? asSubjectRecord(await storage.subjects.get("ident", state.identMatch.identity))
      : undefined;
    return {
      transactionId,
      tcn: state.tcn,
      leaOri: state.leaOri,
      iarStatus: state.determination?.status ?? "UNK",
      detainerBasis: state.determination?.proposal.detainerBasis ?? null,
      matchOverturned: state.determination?.matchOverturned === true,
      priority: assessPriority(this.#ruleSet, priorityInputOf(charges, criminal, ident)),
    };
  }

  async #facilityTimeZone(leaOri: string): Promise<string> {
    const zone = (await this.#storage().directory.getAgency(leaOri))?.contact?.timeZone;
    if (!zone)
      throw new ConflictError(
        `agency:${leaOri}`,
        `agency ${leaOri} has no time zone in the directory (contact.timeZone): the hold clock cannot count days`,
      );
    return zone;
  }
}
