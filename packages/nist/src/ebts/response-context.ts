import type { NistTransaction } from "../an2k/transaction.js";
import { EbtsError } from "./ebts-error.js";
import { getTextByMnemonic } from "./field-dictionary.js";
import type { TransactionHeader } from "./transaction-assembly.js";

/** What a response needs to know of the transaction it answers. */
export interface ResponseContext {
  /** The response's own header: its ORI is the request's DAI and its DAI the request's ORI. */
  readonly header: TransactionHeader;
  /** The request's 1.009 TCN, written as the response's 1.010 TCR. */
  readonly tcr: string | undefined;
}

export interface ResponseOptions {
  /** The response's own TCN. */
  readonly tcn: string;
  /** The response date, CCYYMMDD. */
  readonly date: string;
  /** Used as the response ORI when the request has no readable 1.007 DAI. */
  readonly ori?: string;
  /** Used as the response DAI when the request has no readable 1.008 ORI. */
  readonly dai?: string;
}

/**
 * Swaps the request's ORI and DAI, as EBTS responses do, and keeps its TCN as the TCR. `request` is
 * undefined when the submission could not be parsed at all; the options then address the response.
 */
export function responseContextOf(
  request: NistTransaction | undefined,
  options: ResponseOptions,
): ResponseContext {
  const ori = (request && getTextByMnemonic(request, "DAI", 1)) || options.ori;
  const dai = (request && getTextByMnemonic(request, "ORI", 1)) || options.dai;
  if (!ori || !dai) {
    throw new EbtsError(
      `cannot address a response: the request has no readable 1.${ori ? "008 ORI" : "007 DAI"} and no fallback was given`,
    );
  }
  return {
    header: { ori, dai, tcn: options.tcn, date: options.date },
    tcr: (request && getTextByMnemonic(request, "TCN", 1)) || undefined,
  };
}
