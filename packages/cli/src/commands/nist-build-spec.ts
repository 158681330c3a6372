import { dirname, resolve } from "node:path";
import {
  type BookingSubmission,
  type CompressionCode,
  decodeWsq,
  encodeWsq,
  type FingerImage,
  type NcicOffenseCode,
} from "@tenprint/nist";
import { decodeImage, sniffImageFormat } from "@tenprint/nist/image";
import { readInputSync, usageError } from "./cli-errors.js";

/**
 * The JSON accepted by `tenprint nist build` (see examples/synthetic-car.json):
 *
 * {
 *   "tot": "CAR" | "CNA",
 *   "header":  { "ori", "dai", "tcn", "date": "CCYYMMDD", "priority"?: 1–9 },
 *   "subject": { "name": { "surname", "given", "middle"? }, "dateOfBirth", "sex", "race",
 *                "heightInches", "weightPounds", "eyeColor", "hairColor", "placeOfBirth",
 *                "citizenship"?, "aliases"?: [name…], "ssn"?, "fbiNumber"?, "stateId"? },
 *   "arrest":  { "date", "bookingAgencyOri", "charges": [{ "ncic", "literal", "dateOfOffense"? }],
 *                "retain"?, "caseNumber"?, "attention"? },
 *   "requestRapSheet"?: boolean,
 *   "fingers": [{ "fgp", "imp", "file", "ppi"?: 500, "width"?, "height"?, "compression"? }]
 * }
 *
 * Finger files are read relative to the spec. WSQ files are embedded as they are; PNG, JPEG, TIFF,
 * BMP and PGM images are WSQ-encoded (0.75 bpp); bytes given with "compression" (e.g. "NONE" for raw
 * 8-bit grey) are embedded as they are and need "width" and "height". Codes (sex, race, colours…) are
 * checked by the EBTS profile when the transaction is built.
 */
export interface BuildSpec {
  readonly tot: "CAR" | "CNA";
  readonly submission: BookingSubmission;
}

/** A spec that is not JSON of the documented shape; the message names the JSON path. */
export class BuildSpecError extends Error {
  override readonly name = "BuildSpecError";
}

type Json = unknown;
const DEFAULT_PPI = 500;
const MAX_FINGER_FILE_BYTES = 64 * 1024 * 1024;

function objectAt(value: Json, path: string): Record<string, Json> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BuildSpecError(`${path}: expected an object`);
  }
  return value as Record<string, Json>;
}

function stringAt(parent: Record<string, Json>, key: string, path: string): string {
  const value = parent[key];
  if (typeof value !== "string") throw new BuildSpecError(`${path}.${key}: expected a string`);
  return value;
}

function optionalString(parent: Record<string, Json>, key: string, path: string): string | undefined {
  return parent[key] === undefined ? undefined : stringAt(parent, key, path);
}

function numberAt(parent: Record<string, Json>, key: string, path: string): number {
  const value = parent[key];
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new BuildSpecError(`${path}.${key}: expected a number`);
  return value;
}

function optionalNumber(parent: Record<string, Json>, key: string, path: string): number | undefined {
  return parent[key] === undefined ? undefined : numberAt(parent, key, path);
}

function optionalBoolean(parent: Record<string, Json>, key: string, path: string): boolean | undefined {
  const value = parent[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw new BuildSpecError(`${path}.${key}: expected true or false`);
  return value;
}

function arrayAt(parent: Record<string, Json>, key: string, path: string): Json[] {
  const value = parent[key];
  if (!Array.isArray(value)) throw new BuildSpecError(`${path}.${key}: expected an array`);
  return value;
}

function nameAt(value: Json, path: string) {
  const name = objectAt(value, path);
  const middle = optionalString(name, "middle", path);
  return {
    surname: stringAt(name, "surname", path),
    given: stringAt(name, "given", path),
    ...(middle === undefined ? {} : { middle }),
  };
}

const COMPRESSIONS: readonly string[] = ["NONE", "WSQ20", "JPEGB", "JPEGL", "JP2", "JP2L", "PNG"];

function readFinger(file: string, path: string): Uint8Array {
  let data: Uint8Array;
  try {
    data = readInputSync(file);
  } catch (error) {
    throw usageError(`${path}.file: ${(error as Error).message}`);
  }
  if (data.length > MAX_FINGER_FILE_BYTES) throw new BuildSpecError(`${path}.file: ${file} is over 64 MiB`);
  return data;
}

/**
 * WSQ files are embedded as they are (decoded once to check them and learn their size); bytes with a
 * declared "compression" are embedded as they are with the declared size; any other image (PNG, JPEG,
 * TIFF, BMP, PGM) is decoded and WSQ-encoded at the FBI bitrate.
 */
function fingerAt(value: Json, path: string, baseDir: string): FingerImage {
  const finger = objectAt(value, path);
  const file = resolve(baseDir, stringAt(finger, "file", path));
  const data = readFinger(file, path);
  const ppi = optionalNumber(finger, "ppi", path) ?? DEFAULT_PPI;
  const position = {
    fgp: numberAt(finger, "fgp", path) as FingerImage["fgp"],
    imp: numberAt(finger, "imp", path) as FingerImage["imp"],
    ppi,
  };
  const declared = optionalString(finger, "compression", path);
  if (declared !== undefined) {
    if (!COMPRESSIONS.includes(declared)) {
      throw new BuildSpecError(`${path}.compression: expected one of ${COMPRESSIONS.join(", ")}`);
    }
    const width = optionalNumber(finger, "width", path);
    const height = optionalNumber(finger, "height", path);
    if (width === undefined || height === undefined) {
      throw new BuildSpecError(`${path}: "width" and "height" are required with "compression"`);
    }
    return { ...position, width, height, compression: declared as CompressionCode, data };
  }
  if (sniffImageFormat(data) === "wsq") {
    const { width, height } = decodeWsq(data);
    return { ...position, width, height, compression: "WSQ20", data };
  }
  const image = decodeImage(data, { ppi });
  return {
    ...position,
    width: image.width,
    height: image.height,
    compression: "WSQ20",
    data: encodeWsq(image, { ppi }),
  };
}

/** Reads and shape-checks a build spec; finger image paths are resolved against the spec's folder. */
export function readBuildSpec(specPath: string): BuildSpec {
  const bytes = readInputSync(specPath);
  let json: Json;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new BuildSpecError(`${specPath}: ${(error as Error).message}`);
  }
  const root = objectAt(json, "spec");
  const tot = root.tot ?? "CAR";
  if (tot !== "CAR" && tot !== "CNA") throw new BuildSpecError(`spec.tot: expected "CAR" or "CNA"`);
  const header = objectAt(root.header, "spec.header");
  const subject = objectAt(root.subject, "spec.subject");
  const arrest = objectAt(root.arrest, "spec.arrest");
  const baseDir = dirname(resolve(specPath));
  const optionalSubject = (key: string) => optionalString(subject, key, "spec.subject");
  const submission: BookingSubmission = {
    header: {
      ori: stringAt(header, "ori", "spec.header"),
      dai: stringAt(header, "dai", "spec.header"),
      tcn: stringAt(header, "tcn", "spec.header"),
      date: stringAt(header, "date", "spec.header"),
      ...(header.priority === undefined
        ? {}
        : {
            priority: numberAt(header, "priority", "spec.header") as BookingSubmission["header"]["priority"],
          }),
    },
    subject: {
      name: nameAt(subject.name, "spec.subject.name"),
      dateOfBirth: stringAt(subject, "dateOfBirth", "spec.subject"),
      sex: stringAt(subject, "sex", "spec.subject") as BookingSubmission["subject"]["sex"],
      race: stringAt(subject, "race", "spec.subject") as BookingSubmission["subject"]["race"],
      heightInches: numberAt(subject, "heightInches", "spec.subject"),
      weightPounds: numberAt(subject, "weightPounds", "spec.subject"),
      eyeColor: stringAt(subject, "eyeColor", "spec.subject") as BookingSubmission["subject"]["eyeColor"],
      hairColor: stringAt(subject, "hairColor", "spec.subject") as BookingSubmission["subject"]["hairColor"],
      placeOfBirth: stringAt(subject, "placeOfBirth", "spec.subject"),
      citizenship: optionalSubject("citizenship"),
      aliases:
        subject.aliases === undefined
          ? undefined
          : arrayAt(subject, "aliases", "spec.subject").map((alias, i) =>
              nameAt(alias, `spec.subject.aliases[${i}]`),
            ),
      ssn: optionalSubject("ssn"),
      fbiNumber: optionalSubject("fbiNumber"),
      stateId: optionalSubject("stateId"),
    },
    arrest: {
      date: stringAt(arrest, "date", "spec.arrest"),
      bookingAgencyOri: stringAt(arrest, "bookingAgencyOri", "spec.arrest"),
      charges: arrayAt(arrest, "charges", "spec.arrest").map((value, i) => {
        const path = `spec.arrest.charges[${i}]`;
        const charge = objectAt(value, path);
        return {
          ncic: stringAt(charge, "ncic", path) as NcicOffenseCode,
          literal: stringAt(charge, "literal", path),
          dateOfOffense: optionalString(charge, "dateOfOffense", path),
        };
      }),
      retain: optionalBoolean(arrest, "retain", "spec.arrest"),
      caseNumber: optionalString(arrest, "caseNumber", "spec.arrest"),
      attention: optionalString(arrest, "attention", "spec.arrest"),
    },
    requestRapSheet: optionalBoolean(root, "requestRapSheet", "spec"),
    fingers: arrayAt(root, "fingers", "spec").map((value, i) =>
      fingerAt(value, `spec.fingers[${i}]`, baseDir),
    ),
  };
  return { tot, submission };
}
