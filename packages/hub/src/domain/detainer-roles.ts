/**
 * The detainer actions a caller can send (EXPIRE is the hub's own), and who may send which: ERO serves,
 * lifts and takes custody; the holding LEA acknowledges, gives notice of release, holds and releases; the
 * LESC (and ERO) can find the subject to be a US citizen. Plain data, so the console shows the same rule.
 */
export type DetainerActionType =
  | "SERVE"
  | "ACKNOWLEDGE"
  | "RELEASE_NOTICE"
  | "HOLD"
  | "TRANSFER"
  | "RELEASE"
  | "LIFT"
  | "US_CITIZEN_FOUND";

export const DETAINER_ACTIONS_BY_ROLE: Readonly<Record<string, readonly DetainerActionType[]>> = {
  ERO: ["SERVE", "TRANSFER", "LIFT", "US_CITIZEN_FOUND"],
  LEA: ["ACKNOWLEDGE", "RELEASE_NOTICE", "HOLD", "RELEASE"],
  LESC: ["US_CITIZEN_FOUND"],
};
