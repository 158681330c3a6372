import { IMMIGRATION_STATUS_CODES } from "@tenprint/nist";
import { z } from "zod";
import type { LescProposal } from "../domain/lesc-determination.js";
import type { LescReview } from "./lesc-review-repository.js";
import { parsedState, StoredStateError, unknownVersion } from "./stored-state.js";

/**
 * The proposal a LESC review rests on as `lesc_reviews.proposal` holds it: the domain's LescProposal plus
 * `stateVersion`, validated on read like a booking's state (docs/decisions/0021-versioned-workflow-state.md).
 * Version 1 is the only shape so far; rows written before the tag lack `stateVersion` and are version 1.
 */
export const LESC_PROPOSAL_VERSION = 1;

/** The proposal's fields; also the schema of the proposal inside a booking's stored determination. */
export const lescProposalFields = {
  status: z.enum(IMMIGRATION_STATUS_CODES),
  rule: z.string(),
  discrepancy: z.literal("CITIZENSHIP_NOT_IN_IDENT_RECORD").nullable(),
  detainerBasis: z.enum(["FINAL_ORDER", "PENDING_PROCEEDINGS", "BIOMETRIC_AND_RECORDS"]).nullable(),
};

const version1 = z.strictObject({ ...lescProposalFields, stateVersion: z.literal(1).optional() });

/** The proposal of a stored LESC review, validated. Throws StoredStateError naming the row and the field. */
export function lescProposalOf(review: Pick<LescReview, "transactionId" | "proposal">): LescProposal {
  const { transactionId: id, proposal } = review;
  if (typeof proposal !== "object" || proposal === null || Array.isArray(proposal))
    throw new StoredStateError("lesc_reviews", id, "", "is not an object");
  const version = proposal.stateVersion ?? 1;
  if (version !== LESC_PROPOSAL_VERSION)
    throw unknownVersion("lesc_reviews", id, version, LESC_PROPOSAL_VERSION);
  const { stateVersion: _version, ...current } = parsedState(version1, proposal, {
    table: "lesc_reviews",
    id,
    version,
  });
  return current;
}

/** The row form of a proposal, at the current version: what `lesc_reviews.proposal` is written with. */
export function lescProposalRecord(proposal: LescProposal): Record<string, unknown> {
  return { ...JSON.parse(JSON.stringify(proposal)), stateVersion: LESC_PROPOSAL_VERSION };
}
