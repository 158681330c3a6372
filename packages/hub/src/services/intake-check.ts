import {
  buildErrt,
  EbtsError,
  type EbtsProblem,
  type FieldOffsets,
  fieldOffsets,
  NistError,
  type NistTransaction,
  parseTransaction,
  problemFromNistError,
  readBooking,
  serializeTransaction,
  validateTransactionReport,
} from "@tenprint/nist";
import { SERVICE_PARAMETERS } from "./service-parameters.js";

/** What an ERRT needs besides the file: the hub's addresses, the date and the ERRT's own TCN. */
export interface ErrtContext {
  readonly hubOri: string;
  readonly dai: string;
  /** YYYYMMDD. */
  readonly date: string;
  readonly tcn: string;
}

/** What intake keeps of a valid booking: plain data, small, structured-clone friendly. */
export interface BookingFacts {
  readonly tot: string;
  readonly tcn: string;
  /** A prison intake's (CPNU) arresting agency, the second 2.073 CRI, and its 2.045 DOA as YYYY-MM-DD. */
  readonly arrestingAgencyOri?: string;
  readonly arrestDate: string;
  /** 2.073 CRI: the agency the file books for. */
  readonly leaOri: string;
  readonly retain: boolean;
  readonly subject: { readonly race: string; readonly sex: string; readonly placeOfBirth: string };
}

export type IntakeOutcome =
  | {
      readonly kind: "rejected";
      /** The first problems, each with the byte offset of its field (or record) when it can be located. */
      readonly problems: readonly EbtsProblem[];
      /** Errors in all, listed or not. */
      readonly errors: number;
      readonly errt: Uint8Array;
      /** The file's TCN and booking agency, as far as it can be read; null where it cannot. */
      readonly tcn: string | null;
      readonly leaOri: string | null;
    }
  | { readonly kind: "accepted"; readonly problems: readonly EbtsProblem[]; readonly booking: BookingFacts };

/**
 * Parses and validates a submitted file within the intake limits and, when it is rejected, renders the
 * ERRT: everything whose cost grows with the file, so that the caller can run it on a worker thread.
 */
export function checkSubmission(bytes: Uint8Array, errt: ErrtContext): IntakeOutcome {
  const P = SERVICE_PARAMETERS.intake;
  let request: NistTransaction;
  try {
    request = parseTransaction(bytes, { limits: { maxItems: P.maxItems } });
  } catch (error) {
    if (!(error instanceof NistError)) throw error;
    return rejected(bytes, undefined, [problemFromNistError(error)], 1, errt);
  }
  const report = validateTransactionReport(request, { maxProblems: P.maxProblems });
  if (report.errors > 0) return rejected(bytes, request, report.problems, report.errors, errt);
  try {
    const booking = readBooking(request);
    const arrestingAgencyOri = booking.tot === "CPNU" ? booking.arrest.otherAgencyOris?.[0] : undefined;
    const doa = booking.arrest.date;
    return {
      kind: "accepted",
      problems: report.problems,
      booking: {
        tot: booking.tot,
        tcn: booking.header.tcn,
        leaOri: booking.arrest.bookingAgencyOri,
        ...(arrestingAgencyOri ? { arrestingAgencyOri } : {}),
        arrestDate: `${doa.slice(0, 4)}-${doa.slice(4, 6)}-${doa.slice(6, 8)}`,
        retain: booking.tot !== "CNA" && booking.arrest.retain !== false,
        subject: {
          race: booking.subject.race,
          sex: booking.subject.sex,
          placeOfBirth: booking.subject.placeOfBirth,
        },
      },
    };
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
    return rejected(bytes, request, [problem], 1, errt);
  }
}

/** The rejection of a file refused before (or without) its check, e.g. for exceeding the intake limits. */
export function refusedOutcome(reason: string, context: ErrtContext): IntakeOutcome {
  const problem: EbtsProblem = {
    recordIndex: 0,
    recordType: 1,
    tag: "1.001",
    mnemonic: "LEN",
    reason,
    severity: "error",
  };
  return rejected(new Uint8Array(), undefined, [problem], 1, context);
}

function rejected(
  bytes: Uint8Array,
  request: NistTransaction | undefined,
  problems: readonly EbtsProblem[],
  errors: number,
  context: ErrtContext,
): IntakeOutcome {
  const listed = problems.filter((problem) => problem.severity === "error");
  let offsets: FieldOffsets | undefined;
  if (request) offsets = fieldOffsets(bytes, request);
  const located = listed.map((problem) => {
    const offset =
      problem.offset ??
      offsets?.field(problem.recordIndex, problem.tag) ??
      offsets?.record(problem.recordIndex);
    return offset === undefined ? problem : { ...problem, offset };
  });
  const errt = serializeTransaction(
    buildErrt(request, listed, {
      tcn: context.tcn,
      date: context.date,
      ori: context.hubOri,
      dai: context.dai,
      totalErrors: errors,
    }),
  );
  return { kind: "rejected", problems: located, errors, errt, ...bookingKeysOf(request) };
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
