import { createHash, randomUUID } from "node:crypto";
import type { EbtsProblem } from "@tenprint/nist";
import type { Kysely } from "kysely";
import type { BookingAuthority, BookingClaim } from "../domain/booking-authority.js";
import type { Effect } from "../domain/domain-effects.js";
import {
  receiveSubmission,
  type SubmissionRouting,
  type SubmissionStatus,
  transitionSubmission,
} from "../domain/submission-workflow.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage, runTransition } from "../storage/hub-storage.js";
import { stateRecord } from "../storage/submission-state-record.js";
import type { StoredTransaction } from "../storage/transaction-repository.js";
import { directoryBookingAuthority } from "./directory-booking-authority.js";
import { applyEffects, type EffectActor, messageId } from "./effect-application.js";
import { type ErrtContext, type IntakeOutcome, refusedOutcome } from "./intake-check.js";
import { IntakeLimitError, type IntakePool, sharedIntakePool } from "./intake-pool.js";
import { responseDate } from "./response-date.js";
import { ConflictError, ForbiddenError } from "./service-error.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";

/** Where a booking goes, decided when it arrives (the directory and SIB agreements answer it). */
export interface RoutingDecision {
  readonly jurisdictionId: string;
  readonly routing: SubmissionRouting;
  /** For a prison intake: the county of arrest and whether its own IDENT search applied then. */
  readonly arrest?: { readonly jurisdictionId: string; readonly identSearch: boolean };
}

export type RoutingResolver = (booking: {
  readonly submitterOri: string;
  readonly leaOri: string;
  /** A prison intake's arresting agency (2.073 CRI, second entry). */
  readonly arrestingAgencyOri?: string;
  /** A prison intake's date of arrest (2.045 DOA), YYYY-MM-DD. */
  readonly arrestDate?: string;
}) => Promise<RoutingDecision>;

export interface SubmissionServiceOptions {
  /** ORI the hub answers from (1.007 DAI of the requests, 1.008 ORI of the responses). */
  readonly hubOri: string;
  readonly routing: RoutingResolver;
  readonly clock?: () => Date;
  /** Threads that parse and validate files; by default the process's shared intake pool. */
  readonly intake?: IntakePool;
  /** Called after a new transaction commits, so that idle workers start on it at once. */
  readonly onAccepted?: () => void;
  /**
   * Whether a submitter may book for an agency; by default the directory's answer, read for each
   * booking. A caller whose directory cannot change meanwhile (a simulated year) may keep answers.
   */
  readonly authority?: (claim: BookingClaim) => Promise<BookingAuthority>;
}

export interface SubmitOptions {
  /** The authenticated submitter (API key's ORI); receives the SRE, ERRT and IDR. */
  readonly submitterOri: string;
  /** Who submitted, for the audit log; defaults to the submitter ORI. */
  readonly actor?: string;
  /** The role the submitter's key was issued for: only a SIB may book for agencies other than itself. */
  readonly submitterRole?: string;
}

export interface SubmitResult {
  readonly status: SubmissionStatus;
  /** The stored transaction; absent for a rejected file, which is never stored. */
  readonly transactionId?: string;
  readonly tcn?: string;
  /** False when the TCN was seen before and the first transaction is returned. */
  readonly created: boolean;
  /** The first problems found (SERVICE_PARAMETERS.intake.maxProblems), with byte offsets where known. */
  readonly problems: readonly EbtsProblem[];
  /** For a rejected file: how many errors it has in all, listed in `problems` or not. */
  readonly errors?: number;
  /** For a rejected file: the id of the ERRT stored for the submitter. */
  readonly errtMessageId?: string;
}

/**
 * Intake of EBTS bookings: a rejected file leaves an ERRT and an audit event only; a valid one becomes a
 * VALIDATED transaction with its criminal search queued, idempotently by TCN, in one database transaction.
 */
export class SubmissionService {
  readonly #db: Kysely<HubDatabase>;
  readonly #options: SubmissionServiceOptions;
  readonly #clock: () => Date;

  constructor(db: Kysely<HubDatabase>, options: SubmissionServiceOptions) {
    this.#db = db;
    this.#options = options;
    this.#clock = options.clock ?? (() => new Date());
  }

  async submit(bytes: Uint8Array, options: SubmitOptions): Promise<SubmitResult> {
    const fileSha256 = createHash("sha256").update(bytes).digest("hex");
    const errtContext: ErrtContext = {
      hubOri: this.#options.hubOri,
      dai: options.submitterOri,
      date: responseDate(this.#clock()),
      tcn: `ERRT${fileSha256.slice(0, 16).toUpperCase()}`,
    };
    let outcome: IntakeOutcome;
    try {
      outcome = await (this.#options.intake ?? sharedIntakePool()).check(bytes, errtContext);
    } catch (error) {
      if (!(error instanceof IntakeLimitError)) throw error;
      outcome = refusedOutcome(`the file was refused unchecked: ${error.message}`, errtContext);
    }
    if (outcome.kind === "rejected") return this.#reject(fileSha256, outcome, options);
    const { booking, problems } = outcome;
    const leaOri = booking.leaOri;
    await this.#authorise(fileSha256, leaOri, options);
    const tcn = booking.tcn;
    // A resubmission is answered without consulting the routing; createOrGet below settles a race. The
    // TCN is the submitter's own key: another submitter's TCN is never looked at.
    const known = await createHubStorage(this.#db, this.#tx()).transactions.getByTcn(
      options.submitterOri,
      tcn,
    );
    if (known) {
      await this.#refuseOtherContent(known, fileSha256, options);
      return this.#existing(known.id, known.state, tcn, problems);
    }
    const { arrestingAgencyOri, arrestDate } = booking;
    const { jurisdictionId, routing, arrest } = await this.#options.routing({
      submitterOri: options.submitterOri,
      leaOri,
      ...(arrestingAgencyOri ? { arrestingAgencyOri, arrestDate } : {}),
    });
    const transactionId = randomUUID();
    const received = receiveSubmission({
      transactionId,
      tcn,
      submitterOri: options.submitterOri,
      leaOri,
      jurisdictionId,
      routing,
      retain: booking.retain,
      subject: booking.subject,
    });
    const validated = transitionSubmission(received.state, { type: "VALIDATION_PASSED" });
    // Validation ran here, before the transaction: the VALIDATE work the workflow asks for is done.
    const effects: Effect[] = [...received.effects, ...validated.effects].filter(
      (effect) => !(effect.kind === "work" && effect.work === "VALIDATE"),
    );
    const result = await runTransition(
      this.#db,
      async (storage) => {
        const { transaction, created } = await storage.transactions.createOrGet({
          id: transactionId,
          tcn,
          tot: booking.tot,
          submitterOri: options.submitterOri,
          jurisdictionId,
          ...(arrest
            ? { arrest: { jurisdictionId: arrest.jurisdictionId, identSearch: arrest.identSearch } }
            : {}),
          state: validated.state.status,
          stateData: stateRecord(validated.state),
          request: bytes,
          requestSha256: fileSha256,
        });
        if (!created) {
          if (transaction.requestSha256 !== fileSha256) throw reusedTcn(transaction, fileSha256);
          return this.#existing(transaction.id, transaction.state, tcn, problems);
        }
        await applyEffects(storage, effects, {
          actor: options.actor ?? options.submitterOri,
          ori: options.submitterOri,
          purpose: SERVICE_PARAMETERS.purpose,
          transactionId: transaction.id,
        });
        return {
          status: validated.state.status,
          transactionId: transaction.id,
          tcn,
          created: true,
          problems,
        };
      },
      this.#tx(),
    );
    if (result.created) this.#options.onAccepted?.();
    return result;
  }

  /** Refuses (audited, ForbiddenError) a booking in the name of an agency the submitter may not book for. */
  async #authorise(fileSha256: string, leaOri: string, options: SubmitOptions): Promise<void> {
    const claim: BookingClaim = {
      submitterOri: options.submitterOri,
      ...(options.submitterRole !== undefined ? { submitterRole: options.submitterRole } : {}),
      leaOri,
      day: this.#clock().toISOString().slice(0, 10),
    };
    const authority = await (this.#options.authority?.(claim) ?? directoryBookingAuthority(this.#db, claim));
    if (authority.allowed) return;
    await this.#audit(
      `file:${fileSha256}`,
      null,
      "SUBMISSION_REFUSED",
      { leaOri, reason: authority.reason },
      options,
    );
    throw new ForbiddenError(`agency:${leaOri}`, authority.reason);
  }

  /** A different file under a TCN the submitter used before: 409, audited on the first transaction. */
  async #refuseOtherContent(
    known: StoredTransaction,
    fileSha256: string,
    options: SubmitOptions,
  ): Promise<void> {
    if (known.requestSha256 === null || known.requestSha256 === fileSha256) return;
    await this.#audit(
      `transaction:${known.id}`,
      known.id,
      "SUBMISSION_TCN_REUSED",
      { tcn: known.tcn, fileSha256, firstSha256: known.requestSha256 },
      options,
    );
    throw reusedTcn(known, fileSha256);
  }

  async #audit(
    object: string,
    transactionId: string | null,
    action: string,
    detail: Record<string, unknown>,
    options: SubmitOptions,
  ): Promise<void> {
    const effects: Effect[] = [{ kind: "audit", action, object, detail }];
    const actor: EffectActor = {
      actor: options.actor ?? options.submitterOri,
      ori: options.submitterOri,
      purpose: SERVICE_PARAMETERS.purpose,
      transactionId,
      subjectKey: object,
    };
    await runTransition(this.#db, (storage) => applyEffects(storage, effects, actor), this.#tx());
  }

  #existing(id: string, state: string, tcn: string, problems: readonly EbtsProblem[]): SubmitResult {
    return { status: state as SubmissionStatus, transactionId: id, tcn, created: false, problems };
  }

  async #reject(
    fileSha256: string,
    outcome: Extract<IntakeOutcome, { kind: "rejected" }>,
    options: SubmitOptions,
  ): Promise<SubmitResult> {
    const { problems, errors, tcn, leaOri } = outcome;
    const now = this.#clock();
    const object = `file:${fileSha256}`;
    const effects: Effect[] = [
      {
        kind: "message",
        type: "ERRT",
        to: options.submitterOri,
        delivery: "delivered",
        content: { fileSha256, errors, problems: problems.map((p) => `${p.tag} ${p.reason}`) },
      },
      { kind: "audit", action: "SUBMISSION_REJECTED", object, detail: { problems: errors } },
    ];
    const actor: EffectActor = {
      actor: options.actor ?? options.submitterOri,
      ori: options.submitterOri,
      purpose: SERVICE_PARAMETERS.purpose,
      transactionId: null,
      subjectKey: object,
      payloads: { ERRT: outcome.errt },
    };
    const errtMessageId = messageId(actor, "ERRT", options.submitterOri);
    await runTransition(
      this.#db,
      async (storage) => {
        await applyEffects(storage, effects, actor);
        // The booking agency's jurisdiction when the file names one the directory knows, else the
        // submitter's own (an LEA submitting directly), else none: statistics count it as UNKNOWN.
        const named = leaOri ? await storage.directory.getAgency(leaOri) : undefined;
        const submitter = named?.jurisdictionId
          ? undefined
          : await storage.directory.getAgency(options.submitterOri);
        await storage.rejectedSubmissions.record({
          submitterOri: options.submitterOri,
          fileSha256,
          jurisdictionId: named?.jurisdictionId ?? submitter?.jurisdictionId ?? null,
          tcn,
          problems: errors,
          errtMessageId,
          receivedAt: now,
        });
      },
      this.#tx(),
    );
    return {
      status: "REJECTED",
      created: false,
      problems,
      errors,
      errtMessageId,
    };
  }

  #tx() {
    return this.#options.clock ? { clock: this.#options.clock } : {};
  }
}

function reusedTcn(known: StoredTransaction, fileSha256: string): ConflictError {
  return new ConflictError(
    `transaction:${known.id}`,
    `TCN ${known.tcn} was submitted before with different content (SHA-256 ${known.requestSha256 ?? "unknown"}, ` +
      `this file ${fileSha256}); a resubmission must be byte-identical, a new booking needs a new TCN`,
  );
}
