import { API_PARAMETERS } from "./api-parameters.js";

/** Shared pieces of the endpoints that disclose fingerprint images. */

/** Biometric reads state why: the header is required and kept in the audit log. */
export const requiredPurposeHeaders = {
  type: "object",
  required: ["x-purpose"],
  properties: {
    "x-purpose": {
      type: "string",
      minLength: 1,
      maxLength: API_PARAMETERS.maxPurposeLength,
      pattern: "\\S",
      description: "Why the prints are read; recorded with the disclosure",
    },
  },
} as const;

export const optionalPurposeHeaders = {
  type: "object",
  properties: {
    "x-purpose": {
      type: "string",
      maxLength: API_PARAMETERS.maxPurposeLength,
      description: "Why the record is read; recorded in the audit log",
    },
  },
} as const;

export const positionProperty = {
  type: "integer",
  minimum: 1,
  maximum: 10,
  description: "Finger position (FGP): 1 right thumb … 10 left little",
} as const;

export const pngResponse = {
  description: "The print as an 8-bit grayscale PNG at its scanning resolution",
  content: { "image/png": { schema: { type: "string", format: "binary" } } },
} as const;
