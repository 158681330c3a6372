import { IMMIGRATION_STATUSES } from "../domain/immigration-status.js";

/**
 * Schemas of the LESC case page's endpoints (`lesc-case-routes.ts`): the booking beside the IDENT
 * record, and the finger-by-finger explanation of the match.
 */
const dateTime = { type: "string", format: "date-time" } as const;
const rate = { type: "number", minimum: 0, maximum: 1 } as const;

export const personNameSchema = {
  $id: "PersonName",
  type: "object",
  required: ["surname", "given"],
  properties: { surname: { type: "string" }, given: { type: "string" }, middle: { type: "string" } },
} as const;

const names = { type: "array", items: { $ref: "PersonName#" } } as const;
const ccyymmdd = { type: "string", pattern: "^\\d{8}$", description: "CCYYMMDD" } as const;

export const caseBookingSchema = {
  $id: "CaseBooking",
  type: "object",
  description: "The booking's biographics and arrest as its EBTS file states them",
  required: ["tcn", "name", "aliases", "dateOfBirth", "sex", "race", "placeOfBirth", "arrest", "positions"],
  properties: {
    tcn: { type: "string" },
    name: { $ref: "PersonName#" },
    aliases: names,
    dateOfBirth: ccyymmdd,
    sex: { type: "string" },
    race: { type: "string" },
    placeOfBirth: { type: "string", description: "NCIC state or country code" },
    citizenship: { type: "string", nullable: true },
    heightInches: { type: "integer" },
    weightPounds: { type: "integer" },
    eyeColor: { type: "string" },
    hairColor: { type: "string" },
    fbiNumber: { type: "string", nullable: true },
    arrest: {
      type: "object",
      required: ["date", "agencyOri", "charges"],
      properties: {
        date: ccyymmdd,
        agencyOri: { type: "string" },
        charges: {
          type: "array",
          items: {
            type: "object",
            required: ["literal"],
            properties: { literal: { type: "string" }, ncic: { type: "string", nullable: true } },
          },
        },
      },
    },
    positions: {
      type: "array",
      items: { type: "integer" },
      description: "Finger positions (1–10) with a rolled print",
    },
  },
} as const;

export const immigrationRecordSchema = {
  $id: "ImmigrationRecord",
  type: "object",
  description: "What IDENT holds for the candidate (never the person's true status)",
  required: ["identity", "synthetic", "name", "aliases", "dateOfBirth", "sex", "printPositions"],
  properties: {
    identity: { type: "string" },
    synthetic: { type: "boolean", description: "A synthetic record (every record of the demo is)" },
    fin: { type: "string", nullable: true },
    aNumber: { type: "string", nullable: true },
    fbiNumber: { type: "string", nullable: true },
    name: { $ref: "PersonName#" },
    aliases: names,
    dateOfBirth: ccyymmdd,
    sex: { type: "string" },
    placeOfBirth: { type: "string", nullable: true },
    citizenship: { type: "string", nullable: true },
    recordedStatus: { type: "string", nullable: true, enum: [...IMMIGRATION_STATUSES, null] },
    encounters: {
      type: "array",
      items: {
        type: "object",
        required: ["kind", "date"],
        properties: { kind: { type: "string" }, date: { type: "string" } },
      },
    },
    corroboration: {
      type: "object",
      description: "Other databases the LESC consults: USCIS naturalisation, US birth records",
      properties: { naturalizedOn: { type: "string" }, usBirthRecord: { type: "boolean" } },
    },
    printPositions: {
      type: "array",
      items: { type: "integer" },
      description: "Positions with an enrolled image (template-level records have none)",
    },
  },
} as const;

export const lescCaseSchema = {
  $id: "LescCase",
  type: "object",
  required: ["transactionId", "state", "review", "match", "booking", "record"],
  properties: {
    transactionId: { type: "string", format: "uuid" },
    state: { type: "string", description: "The booking's workflow state" },
    review: {
      type: "object",
      required: ["iaqId", "fin", "status", "proposal", "enqueuedAt", "ageMs", "targetMs", "determination"],
      properties: {
        iaqId: { type: "string" },
        fin: { type: "string" },
        status: { type: "string", enum: ["pending", "determined"] },
        proposal: { $ref: "LescProposal#" },
        enqueuedAt: dateTime,
        ageMs: { type: "number", description: "Time waiting (until now, or until determined)" },
        targetMs: { type: "number", description: "The age past which a review is overdue" },
        determination: { allOf: [{ $ref: "LescDetermination#" }], nullable: true },
      },
    },
    match: {
      type: "object",
      description: "The IDENT search's evidence when it decided",
      required: ["identity", "score", "fmr", "fpir", "gallerySize"],
      properties: {
        identity: { type: "string" },
        score: { type: "number" },
        fmr: rate,
        fpir: rate,
        gallerySize: { type: "integer" },
      },
    },
    booking: { $ref: "CaseBooking#" },
    record: { allOf: [{ $ref: "ImmigrationRecord#" }], nullable: true },
  },
} as const;

const minutiaSchema = {
  type: "object",
  required: ["x", "y", "direction", "type"],
  properties: {
    x: { type: "number", description: "Column at 500 ppi" },
    y: { type: "number", description: "Row at 500 ppi (downwards)" },
    direction: { type: "number", description: "Radians counter-clockwise from +x as seen on screen" },
    type: { type: "string", enum: ["ending", "bifurcation", "other"] },
  },
} as const;

const comparedTemplate = {
  type: "object",
  nullable: true,
  required: ["width", "height", "minutiae"],
  properties: {
    width: { type: "integer", description: "Impression width in pixels at 500 ppi: the minutiae's frame" },
    height: { type: "integer" },
    minutiae: { type: "array", items: minutiaSchema },
  },
} as const;

export const caseComparisonSchema = {
  $id: "CaseComparison",
  type: "object",
  description:
    "The matcher's explanation of each booking print against the candidate's enrolled print of the same " +
    "position (afis FingerprintMatcher.explain), calibrated and fused as the search fuses them",
  required: ["transactionId", "identity", "gallerySize", "fingers", "fused", "search"],
  properties: {
    transactionId: { type: "string", format: "uuid" },
    identity: { type: "string" },
    gallerySize: { type: "integer", description: "IDENT's size when searched: the N of the FPIR" },
    fingers: {
      type: "array",
      items: {
        type: "object",
        required: [
          "position",
          "booking",
          "candidate",
          "score",
          "fmr",
          "extrapolated",
          "pairs",
          "supportedEdges",
          "alignment",
        ],
        properties: {
          position: { type: "integer" },
          booking: comparedTemplate,
          candidate: comparedTemplate,
          score: { type: "number" },
          fmr: rate,
          extrapolated: {
            type: "boolean",
            description: "Beyond the calibrated range: fmr is the calibration's floor, an upper bound",
          },
          pairs: {
            type: "array",
            description: "Paired minutiae as indices into booking.minutiae and candidate.minutiae",
            items: {
              type: "object",
              required: ["booking", "candidate"],
              properties: { booking: { type: "integer" }, candidate: { type: "integer" } },
            },
          },
          supportedEdges: { type: "integer" },
          alignment: {
            type: "object",
            nullable: true,
            required: ["rotation", "dx", "dy"],
            properties: { rotation: { type: "number" }, dx: { type: "number" }, dy: { type: "number" } },
          },
        },
      },
    },
    fused: {
      type: "object",
      required: ["fmr", "fpir", "extrapolated", "fingersCompared"],
      properties: {
        fmr: rate,
        fpir: rate,
        extrapolated: { type: "boolean", description: "Some finger is beyond the calibrated range" },
        fingersCompared: { type: "integer" },
      },
    },
    search: {
      type: "object",
      required: ["identity", "score", "fmr", "fpir", "gallerySize"],
      properties: {
        identity: { type: "string" },
        score: { type: "number" },
        fmr: rate,
        fpir: rate,
        gallerySize: { type: "integer" },
      },
    },
  },
} as const;

export const LESC_CASE_SCHEMAS = [
  personNameSchema,
  caseBookingSchema,
  immigrationRecordSchema,
  lescCaseSchema,
  caseComparisonSchema,
] as const;
