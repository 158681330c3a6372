import {
  buildIaq,
  LESC_ORI,
  type NcicOffenseCode,
  parseTransaction,
  readBooking,
  serializeTransaction,
} from "@tenprint/nist";
import type { Kysely } from "kysely";
import type { WorkKind } from "../domain/domain-effects.js";
import { transitionSubmission } from "../domain/submission-workflow.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage, runTransition } from "../storage/hub-storage.js";
import { stateRecord, submissionStateOf } from "../storage/submission-state-record.js";
import type { Job } from "../storage/work-queue.js";
import { applyEffects } from "./effect-application.js";
import { responseDate } from "./response-date.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";
import { asSubjectRecord } from "./subject-record.js";
import { JobError, type JobHandler, jobTransactionId, type WorkOutcome } from "./workflow-worker.js";

/** NCIC code the IAQ carries when the booking names no readable charge (EBTS "0399", other sovereignty). */
const NO_CHARGE: NcicOffenseCode = "0399";

export interface IaqStepOptions {
  readonly clock?: () => Date;
}

/**
 * After an IDENT match CJIS sends the LESC an Immigration Alien Query for the booking agency. The IAQ
 * needs the agency's attention line and telephone, which a booking does not carry: they come from the
 * agency directory, and a missing entry fails the job with a message naming the agency to fix.
 */
export class IaqStep implements JobHandler {
  readonly kinds: readonly WorkKind[] = ["GENERATE_IAQ"];
  readonly #db: Kysely<HubDatabase>;
  readonly #clock: () => Date;

  constructor(db: Kysely<HubDatabase>, options: IaqStepOptions = {}) {
    this.#db = db;
    this.#clock = options.clock ?? (() => new Date());
  }

  async handle(job: Job, workerId: string): Promise<WorkOutcome> {
    const transactionId = jobTransactionId(job);
    const storage = createHubStorage(this.#db, { clock: this.#clock });
    const stored = await storage.transactions.get(transactionId);
    if (!stored) throw new JobError(`job ${job.id}: transaction ${transactionId} does not exist`);
    const state = submissionStateOf(stored);
    if (stored.state !== "IDENT_SEARCHED" || !state.identMatch) {
      await storage.queue.complete(job.id, workerId);
      return { kind: "skipped", jobId: job.id, work: "GENERATE_IAQ", transactionId };
    }
    const bytes = await storage.transactions.getRequest(transactionId);
    if (!bytes) throw new JobError(`transaction ${transactionId} has no stored request`);
    const booking = readBooking(parseTransaction(bytes));
    const agency = await storage.directory.getAgency(state.leaOri);
    const contact = agency?.contact ?? {};
    if (!contact.phone)
      throw new JobError(
        `agency ${state.leaOri} has no telephone in the directory (contact.phone): the IAQ's PHN cannot be written`,
      );
    const identRecord = asSubjectRecord(await storage.subjects.get("ident", state.identMatch.identity));
    const criminalIdentity = state.criminalMatch?.identity;
    const criminalRecord = criminalIdentity
      ? asSubjectRecord(await storage.subjects.get("criminal", criminalIdentity))
      : undefined;
    const iaqTcn = `IAQ${transactionId.replaceAll("-", "").slice(0, 24).toUpperCase()}`;
    const offense = booking.arrest.charges.find((charge) => charge.ncic)?.ncic ?? NO_CHARGE;
    const fbiNumber = criminalRecord?.fbiNumber ?? booking.subject.fbiNumber;
    const aNumber = identRecord?.aNumber;
    const iaq = buildIaq({
      header: { ori: state.leaOri, dai: LESC_ORI, tcn: iaqTcn, date: responseDate(this.#clock()) },
      purpose: "C",
      attention: contact.attention ?? booking.arrest.attention ?? agency?.name.slice(0, 30) ?? state.leaOri,
      phone: contact.phone,
      name: booking.subject.name,
      dateOfBirth: booking.subject.dateOfBirth,
      sex: booking.subject.sex,
      placeOfBirth: booking.subject.placeOfBirth,
      inCustody: true,
      offense,
      ...(aNumber ? { aNumber } : {}),
      ...(fbiNumber ? { fbiNumber } : {}),
      cri: state.leaOri,
    });
    const next = transitionSubmission(state, { type: "IAQ_GENERATED", iaqId: iaqTcn });
    return runTransition(
      this.#db,
      async (tx) => {
        await tx.transactions.update(transactionId, stored.version, {
          state: next.state.status,
          stateData: stateRecord(next.state),
        });
        await applyEffects(tx, next.effects, {
          actor: `worker:${workerId}`,
          ori: state.submitterOri,
          purpose: SERVICE_PARAMETERS.purpose,
          transactionId,
          payloads: { IAQ: serializeTransaction(iaq) },
        });
        if (!(await tx.queue.complete(job.id, workerId)))
          throw new JobError(`job ${job.id}: lease lost before the IAQ could be written`);
        return {
          kind: "done",
          jobId: job.id,
          work: "GENERATE_IAQ",
          transactionId,
          status: next.state.status,
        } as const;
      },
      { clock: this.#clock },
    );
  }
}
