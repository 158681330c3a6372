import { textField } from "../an2k/field-access.js";
import type { NistTransaction, TextField } from "../an2k/transaction.js";
import { type EbtsProblem, formatProblem } from "./ebts-problem.js";
import { fieldSpecByMnemonic, getTextByMnemonic } from "./field-dictionary.js";
import { type ResponseOptions, responseContextOf } from "./response-context.js";
import { assembleTransaction, checkedBuild, idcText, taggedRecord } from "./transaction-assembly.js";
import { checkValue } from "./value-checks.js";

/** 2.060 MSG limits in an ERRT: 11 messages of at most 300 characters. */
const MAX_MESSAGES = 11;
const MAX_MESSAGE_LENGTH = 300;

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?");
}

function clip(text: string): string {
  return text.length <= MAX_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_MESSAGE_LENGTH - 3)}...`;
}

/**
 * One MSG line per error (warnings are not reasons to reject); the last line counts any that do not fit.
 * `totalErrors` is the count when `problems` holds only the first of them (a capped validation).
 */
export function errtMessages(problems: readonly EbtsProblem[], totalErrors?: number): string[] {
  const errors = problems.filter((problem) => problem.severity === "error");
  const listed = errors.length > 0 ? errors : problems;
  const count = Math.max(listed.length, errors.length > 0 ? (totalErrors ?? 0) : 0);
  const lines = listed.slice(0, MAX_MESSAGES).map((problem) => clip(printable(formatProblem(problem))));
  if (lines.length === 0) return ["transaction rejected"];
  if (count <= MAX_MESSAGES) return lines;
  const shown = lines.slice(0, MAX_MESSAGES - 1);
  return [...shown, `and ${count - shown.length} more problems`];
}

/**
 * The ERRT that rejects `request`: 2.060 MSG lists the problems, 1.010 TCR is the request's TCN, ORI
 * and DAI are swapped, and the request's CRI/OCA/ATN are echoed (when valid) so the SIB can route it. For a
 * submission that did not parse, pass `undefined`, the parser's error through problemFromNistError,
 * and the addresses in `options`.
 */
export function buildErrt(
  request: NistTransaction | undefined,
  problems: readonly EbtsProblem[],
  options: ResponseOptions & { readonly totalErrors?: number },
): NistTransaction {
  const context = responseContextOf(request, options);
  const fields: TextField[] = [textField(2, idcText(0))];
  const echo = (mnemonic: string) => {
    const spec = fieldSpecByMnemonic(mnemonic, 2);
    const value = request && getTextByMnemonic(request, mnemonic, 2);
    if (spec && value !== undefined && checkValue(spec, value).length === 0) {
      fields.push(textField(Number(spec.tag.slice(2)), value));
    }
  };
  echo("ATN");
  echo("OCA");
  echo("CRI");
  fields.push(
    textField(
      60,
      errtMessages(problems, options.totalErrors).map((line) => [line]),
    ),
  );
  const tcnSpec = fieldSpecByMnemonic("TCR", 1);
  const tcr =
    context.tcr !== undefined && tcnSpec && checkValue(tcnSpec, context.tcr).length === 0
      ? context.tcr
      : undefined;
  const transaction = assembleTransaction({ tot: "ERRT", header: context.header, tcr }, [
    taggedRecord(2, fields),
  ]);
  return checkedBuild(transaction, "ERRT");
}
