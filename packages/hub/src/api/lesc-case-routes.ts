import { parseTransaction, readBooking } from "@tenprint/nist";
import { DOMAIN_PARAMETERS } from "../domain/domain-parameters.js";
import { openingFinger } from "../domain/opening-finger.js";
import { bookingPrintPositions } from "../services/print-images.js";
import { asSubjectRecord, type SubjectRecord } from "../services/subject-record.js";
import { lescProposalOf } from "../storage/lesc-proposal-record.js";
import type { LescReview } from "../storage/lesc-review-repository.js";
import { submissionStateOf } from "../storage/submission-state-record.js";
import { type Caller, callerOf, guarded, purposeOf } from "./api-caller.js";
import type { ApiContext } from "./api-context.js";
import { notFound } from "./api-error.js";
import { API_PARAMETERS } from "./api-parameters.js";
import { AUTHENTICATED_ERRORS, ERROR_RESPONSES } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";
import {
  optionalPurposeHeaders,
  pngResponse,
  positionProperty,
  requiredPurposeHeaders,
} from "./print-schemas.js";

const tags = ["lesc"];
const transactionIdProperty = { transactionId: { type: "string", format: "uuid" } } as const;

/**
 * What an LESC analyst needs to decide a case: the booking beside the IDENT record, the prints side by
 * side with the paired minutiae, and the match's rates. Only the LESC may read them, and only for a
 * booking with a review; every read is audited with its purpose.
 */
export const lescCaseRoutes: ApiRoutes = (app, context) => {
  app.get<{ Params: { transactionId: string } }>(
    "/lesc/cases/:transactionId",
    guarded(["LESC"], {
      summary: "An LESC case: the booking's biographics beside the IDENT record, the review and the match",
      tags,
      params: {
        type: "object",
        required: ["transactionId"],
        additionalProperties: false,
        properties: transactionIdProperty,
      },
      headers: optionalPurposeHeaders,
      response: { 200: { $ref: "LescCase#" }, ...AUTHENTICATED_ERRORS, 404: ERROR_RESPONSES[404] },
    }),
    async (request) => {
      const caller = callerOf(request);
      const { transactionId } = request.params;
      const review = await reviewOf(context, transactionId);
      // The reads after the review are independent of each other: asked for together, not one by one.
      const [stored, file, subject, printPositions] = await Promise.all([
        context.storage.transactions.get(transactionId),
        context.storage.transactions.getRequest(transactionId),
        context.storage.subjects.get("ident", review.fin),
        context.storage.enrolledPrints.positions("ident", review.fin),
      ]);
      const match = (stored && submissionStateOf(stored))?.identMatch;
      if (!stored || !file || !match) throw notFound(`LESC case ${transactionId}`);
      const request_ = parseTransaction(file);
      const record = asSubjectRecord(subject);
      await context.audit(caller, {
        action: "LESC_CASE_READ",
        object: `transaction:${transactionId}`,
        purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
        details: { iaqId: review.iaqId, fin: review.fin },
      });
      return {
        transactionId,
        state: stored.state,
        review: reviewView(review, context.clock()),
        match: {
          identity: match.identity,
          score: match.score,
          fmr: match.fmr,
          fpir: match.fpir,
          gallerySize: match.gallerySize,
        },
        booking: bookingView(stored.tcn, request_),
        record: record ? recordView(record, printPositions) : null,
      };
    },
  );

  app.get<{ Params: { transactionId: string } }>(
    "/lesc/cases/:transactionId/comparison",
    guarded(["LESC"], {
      summary: "Why IDENT named the candidate: paired minutiae and scores, finger by finger",
      description:
        "Each booking print against the candidate's enrolled print of the same position " +
        "(FingerprintMatcher.explain): the minutiae of both in the 500 ppi frame, the pairs, the score and " +
        "its false-match rate, flagged when beyond the calibrated range; then the fused FMR and the FPIR " +
        "at the gallery's size. Biometric data: `X-Purpose` is required and audited.",
      tags,
      params: {
        type: "object",
        required: ["transactionId"],
        additionalProperties: false,
        properties: transactionIdProperty,
      },
      headers: requiredPurposeHeaders,
      response: { 200: { $ref: "CaseComparison#" }, ...AUTHENTICATED_ERRORS, 404: ERROR_RESPONSES[404] },
    }),
    async (request) => {
      const caller = callerOf(request);
      const { transactionId } = request.params;
      const review = await reviewOf(context, transactionId);
      const comparison = await context.comparisons.compare(transactionId);
      if (!comparison) throw notFound(`the IDENT match of LESC case ${transactionId}`);
      // The page opens on the finger with the most pairs and asks for its two prints next: they are
      // rendered while this answer travels, so that request finds them ready.
      const opening = openingFinger(comparison.fingers);
      if (opening !== undefined)
        for (const side of ["booking", "candidate"] as const)
          casePrintPng(context, transactionId, review.fin, side, opening).catch((error: unknown) =>
            request.log.warn({ err: error, transactionId, side }, "rendering a case print ahead failed"),
          );
      await auditBiometricRead(context, caller, request, transactionId, {
        iaqId: review.iaqId,
        fin: review.fin,
        disclosed: "paired minutiae",
      });
      return comparison;
    },
  );

  app.get<{ Params: { transactionId: string; side: "booking" | "candidate"; position: number } }>(
    "/lesc/cases/:transactionId/prints/:side/:position",
    guarded(["LESC"], {
      summary: "A print of the case as a PNG image: the booking's, or the candidate's enrolled one",
      description:
        "Biometric data: `X-Purpose` is required and audited. 404 when that side has no image at the " +
        "position (a template-level record has no images).",
      tags,
      params: {
        type: "object",
        required: ["transactionId", "side", "position"],
        additionalProperties: false,
        properties: {
          ...transactionIdProperty,
          side: { type: "string", enum: ["booking", "candidate"] },
          position: positionProperty,
        },
      },
      headers: requiredPurposeHeaders,
      response: { 200: pngResponse, ...AUTHENTICATED_ERRORS, 404: ERROR_RESPONSES[404] },
    }),
    async (request, reply) => {
      const caller = callerOf(request);
      const { transactionId, side, position } = request.params;
      const review = await reviewOf(context, transactionId);
      const png = await casePrintPng(context, transactionId, review.fin, side, position);
      if (!png) throw notFound(`the ${side} print at position ${position} of LESC case ${transactionId}`);
      await auditBiometricRead(context, caller, request, transactionId, {
        iaqId: review.iaqId,
        fin: review.fin,
        print: `${side}:${position}`,
      });
      return reply
        .type("image/png")
        .header("cache-control", "private, no-store")
        .send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
    },
  );
};

/**
 * One print of a case as PNG: the stored bytes are read on every call (a purged booking or an erased
 * record answers undefined at once), the rendering comes from the context's cache when those same bytes
 * were rendered recently.
 */
async function casePrintPng(
  context: ApiContext,
  transactionId: string,
  fin: string,
  side: "booking" | "candidate",
  position: number,
): Promise<Uint8Array | undefined> {
  if (side === "booking") {
    const file = await context.storage.transactions.getRequest(transactionId);
    if (!file) return undefined;
    return context.printPngs.booking(file, position);
  }
  const print = await context.storage.enrolledPrints.get("ident", fin, position);
  if (!print) return undefined;
  return context.printPngs.enrolled(print);
}

async function reviewOf(context: ApiContext, transactionId: string): Promise<LescReview> {
  const review = await context.storage.lescReviews.get(transactionId);
  if (!review) throw notFound(`LESC case ${transactionId}`);
  return review;
}

function auditBiometricRead(
  context: ApiContext,
  caller: Caller,
  request: Parameters<typeof purposeOf>[0],
  transactionId: string,
  details: Record<string, unknown>,
): Promise<void> {
  return context.audit(caller, {
    action: "BIOMETRIC_READ",
    object: `transaction:${transactionId}`,
    purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
    details,
  });
}

function reviewView(review: LescReview, now: Date) {
  const until = review.determinedAt ?? now;
  return {
    iaqId: review.iaqId,
    fin: review.fin,
    status: review.status,
    proposal: lescProposalOf(review),
    enqueuedAt: review.enqueuedAt.toISOString(),
    ageMs: Math.max(0, until.getTime() - review.enqueuedAt.getTime()),
    targetMs: DOMAIN_PARAMETERS.lesc.overdueAfterMs,
    determination: review.determination,
  };
}

function bookingView(tcn: string, request: ReturnType<typeof parseTransaction>) {
  const booking = readBooking(request);
  const { subject, arrest } = booking;
  return {
    tcn,
    name: subject.name,
    aliases: subject.aliases ?? [],
    dateOfBirth: subject.dateOfBirth,
    sex: subject.sex,
    race: subject.race,
    placeOfBirth: subject.placeOfBirth,
    citizenship: subject.citizenship ?? null,
    heightInches: subject.heightInches,
    weightPounds: subject.weightPounds,
    eyeColor: subject.eyeColor,
    hairColor: subject.hairColor,
    fbiNumber: subject.fbiNumber ?? null,
    arrest: {
      date: arrest.date,
      agencyOri: arrest.bookingAgencyOri,
      charges: arrest.charges.map((charge) => ({ literal: charge.literal, ncic: charge.ncic ?? null })),
    },
    positions: bookingPrintPositions(request),
  };
}

function recordView(record: SubjectRecord, printPositions: number[]) {
  return {
    identity: record.identity,
    synthetic: record.synthetic,
    fin: record.fin ?? null,
    aNumber: record.aNumber ?? null,
    fbiNumber: record.fbiNumber ?? null,
    name: record.name,
    aliases: record.aliases ?? [],
    dateOfBirth: record.dateOfBirth,
    sex: record.sex,
    placeOfBirth: record.placeOfBirth ?? null,
    citizenship: record.citizenship ?? null,
    recordedStatus: record.immigration?.recordedStatus ?? null,
    encounters: record.immigration?.encounters ?? [],
    corroboration: record.corroboration ?? {},
    printPositions,
  };
}
