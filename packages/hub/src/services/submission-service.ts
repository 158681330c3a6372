import { createHash, randomUUID } from "node:crypto";
import {
  buildErrt,
  EbtsError,
  type EbtsProblem,
  hasErrors,
  NistError,
  type NistTransaction,
  parseTransaction,
  problemFromNistError,
  readBooking,
  serializeTransaction,
  validateTransaction,
} from "@tenprint/nist";
import type { Kysely } from "kysely";
import type { Effect } from "../domain/domain-effects.js";
import {
  receiveSubmission,
  type SubmissionRouting,
  type SubmissionState,
  type SubmissionStatus,
  transitionSubmission,
} from "../domain/submission-workflow.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage, runTransition } from "../storage/hub-storage.js";
import { directoryBookingAuthority } from "./directory-booking-authority.js";
import { applyEffects, type EffectActor, messageId } from "./effect-application.js";
import { responseDate } from "./response-date.js";
import { ForbiddenError } from "./service-error.js";
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
  /** Called after a new transaction commits, so that idle workers start on it at once. */
  readonly onAccepted?: () => void;
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
  readonly problems: readonly EbtsProblem[];
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
    let request: NistTransaction;
    try {
      request = parseTransaction(bytes);
    } catch (error) {
      if (!(error instanceof NistError)) throw error;
      return this.#reject(bytes, undefined, [problemFromNistError(error)], options);
    }
    const problems = validateTransaction(request);
    if (hasErrors(problems)) return this.#reject(bytes, request, problems, options);

    let booking: ReturnType<typeof readBooking>;
    try {
      booking = readBooking(request);
    } catch (error) {
      if (!(error instanceof EbtsError)) throw error;
      const problem: EbtsProblem = {
        recordIndex: 0,
        recordType: 1,
        tag: "1.004",
        mnemonic: "TOT",
        reason: error.message,
        severity: "error",
      };
      return this.#reject(bytes, request, [problem], options);
    }
    const leaOri = booking.arrest.bookingAgencyOri;
    await this.#authorise(bytes, leaOri, options);
    const tcn = booking.header.tcn;
    // A resubmission is answered without consulting the routing; createOrGet below settles a race.
    const known = await createHubStorage(this.#db, this.#tx()).transactions.getByTcn(tcn);
    if (known) return this.#existing(known.id, known.state, tcn, problems);
    const arrestingAgencyOri = booking.tot === "CPNU" ? booking.arrest.otherAgencyOris?.[0] : undefined;
    const doa = booking.arrest.date;
    const { jurisdictionId, routing, arrest } = await this.#options.routing({
      submitterOri: options.submitterOri,
      leaOri,
      ...(arrestingAgencyOri
        ? { arrestingAgencyOri, arrestDate: `${doa.slice(0, 4)}-${doa.slice(4, 6)}-${doa.slice(6, 8)}` }
        : {}),
    });
    const transactionId = randomUUID();
    const received = receiveSubmission({
      transactionId,
      tcn,
      submitterOri: options.submitterOri,
      leaOri,
      jurisdictionId,
      routing,
      retain: booking.tot !== "CNA" && booking.arrest.retain !== false,
      subject: {
        race: booking.subject.race,
        sex: booking.subject.sex,
        placeOfBirth: booking.subject.placeOfBirth,
      },
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
          jurisdictionOri: jurisdictionId,
          ...(arrest
            ? { arrest: { jurisdictionOri: arrest.jurisdictionId, identSearch: arrest.identSearch } }
            : {}),
          state: validated.state.status,
          stateData: stateRecord(validated.state),
          request: bytes,
        });
        if (!created) return this.#existing(transaction.id, transaction.state, tcn, problems);
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
  async #authorise(bytes: Uint8Array, leaOri: string, options: SubmitOptions): Promise<void> {
    const authority = await directoryBookingAuthority(this.#db, {
      submitterOri: options.submitterOri,
      ...(options.submitterRole !== undefined ? { submitterRole: options.submitterRole } : {}),
      leaOri,
      day: this.#clock().toISOString().slice(0, 10),
    });
    if (authority.allowed) return;
    const object = `file:${createHash("sha256").update(bytes).digest("hex")}`;
    const effects: Effect[] = [
      {
        kind: "audit",
        action: "SUBMISSION_REFUSED",
        object,
        detail: { leaOri, reason: authority.reason },
      },
    ];
    const actor: EffectActor = {
      actor: options.actor ?? options.submitterOri,
      ori: options.submitterOri,
      purpose: SERVICE_PARAMETERS.purpose,
      transactionId: null,
      subjectKey: object,
    };
    await runTransition(this.#db, (storage) => applyEffects(storage, effects, actor), this.#tx());
    throw new ForbiddenError(`agency:${leaOri}`, authority.reason);
  }

  #existing(id: string, state: string, tcn: string, problems: readonly EbtsProblem[]): SubmitResult {
    return { status: state as SubmissionStatus, transactionId: id, tcn, created: false, problems };
  }

  async #reject(
    bytes: Uint8Array,
    request: NistTransaction | undefined,
    problems: readonly EbtsProblem[],
    options: SubmitOptions,
  ): Promise<SubmitResult> {
    const fileHash = createHash("sha256").update(bytes).digest("hex");
    const now = this.#clock();
    const errt = buildErrt(request, problems, {
      tcn: `ERRT${fileHash.slice(0, 16).toUpperCase()}`,
      date: responseDate(now),
      ori: this.#options.hubOri,
      dai: options.submitterOri,
    });
    const errors = problems.filter((problem) => problem.severity === "error");
    const object = `file:${fileHash}`;
    const effects: Effect[] = [
      {
        kind: "message",
        type: "ERRT",
        to: options.submitterOri,
        delivery: "delivered",
        content: { fileSha256: fileHash, problems: errors.map((p) => `${p.tag} ${p.reason}`) },
      },
      { kind: "audit", action: "SUBMISSION_REJECTED", object, detail: { problems: errors.length } },
    ];
    const actor: EffectActor = {
      actor: options.actor ?? options.submitterOri,
      ori: options.submitterOri,
      purpose: SERVICE_PARAMETERS.purpose,
      transactionId: null,
      subjectKey: object,
      payloads: { ERRT: serializeTransaction(errt) },
    };
    const errtMessageId = messageId(actor, "ERRT", options.submitterOri);
    const { tcn, leaOri } = bookingKeysOf(request);
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
          fileSha256: fileHash,
          jurisdictionId: named?.jurisdictionId ?? submitter?.jurisdictionId ?? null,
          tcn,
          problems: errors.length,
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
      errtMessageId,
    };
  }

  #tx() {
    return this.#options.clock ? { clock: this.#options.clock } : {};
  }
}

/** TCN and booking agency of a rejected file, as far as it can be read; nulls where it cannot. */
function bookingKeysOf(request: NistTransaction | undefined): { tcn: string | null; leaOri: string | null } {
  if (!request) return { tcn: null, leaOri: null };
  try {
    const booking = readBooking(request);
    return { tcn: booking.header.tcn || null, leaOri: booking.arrest.bookingAgencyOri || null };
  } catch {
    // The file is known to be broken: whatever stops readBooking only means these keys are unknown.
    return { tcn: null, leaOri: null };
  }
}

export function stateRecord(state: SubmissionState): Record<string, unknown> {
  return JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
}
