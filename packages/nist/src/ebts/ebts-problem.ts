import type { NistError } from "../an2k/nist-error.js";
import { mnemonicOfTag } from "./field-dictionary.js";

/** One thing wrong with a transaction against an EBTS profile. */
export interface EbtsProblem {
  /** Index of the record in transmission order (0 = Type-1). */
  readonly recordIndex: number;
  readonly recordType: number;
  /** Field tag such as "2.018"; record-level problems use the Type-1 field that declares them (1.003, 1.004). */
  readonly tag: string;
  /** The field's mnemonic, "-" when the field is not in any table. */
  readonly mnemonic: string;
  readonly reason: string;
  /** Errors make the transaction invalid; warnings are reported but accepted. */
  readonly severity: "error" | "warning";
  /** Byte offset in the file where the problem was found, when known (parse failures know it). */
  readonly offset?: number;
}

/** `record N field T.FFF MNEMONIC: reason` — the one-line form used by the CLI and ERRT messages. */
export function formatProblem(problem: EbtsProblem): string {
  const warning = problem.severity === "warning" ? "warning: " : "";
  return `record ${problem.recordIndex} field ${problem.tag} ${problem.mnemonic}: ${warning}${problem.reason}`;
}

export function hasErrors(problems: readonly EbtsProblem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}

/** A parse failure as a problem, so that an unreadable submission can be answered with an ERRT too. */
export function problemFromNistError(error: NistError): EbtsProblem {
  const { recordIndex = 0, recordType = recordIndex === 0 ? 1 : 0, tag } = error.location;
  const where = tag ?? `${recordType}.001`;
  return {
    recordIndex,
    recordType,
    tag: where,
    mnemonic: mnemonicOfTag(where) ?? "-",
    reason:
      error.location.offset === undefined ? error.reason : `byte ${error.location.offset}: ${error.reason}`,
    severity: "error",
    ...(error.location.offset === undefined ? {} : { offset: error.location.offset }),
  };
}
