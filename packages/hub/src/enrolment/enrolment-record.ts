import type { SubjectRecord } from "../services/subject-record.js";
import type { RepositoryName } from "../storage/subject-record-store.js";

/**
 * The JSON record format of `tenprint enrol` (documented in docs/enrolment-format.md): a repository
 * record and where its prints are, either ISO/IEC 19794-2 or ANSI INCITS 378 templates (files beside the
 * record, or base64) or an EBTS file whose Type-14 images are extracted. Pure: files are read elsewhere.
 */
export interface EnrolmentRecord {
  readonly record: SubjectRecord;
  readonly prints: readonly PrintReference[];
  /** An EBTS file holding the prints (and the Type-2 biographics the record leaves out). */
  readonly ebts?: string;
}

/** One template: a file (relative to the record's file) or its bytes; without position, every view. */
export type PrintReference =
  | { readonly position?: number; readonly file: string }
  | { readonly position?: number; readonly bytes: Uint8Array };

/** A record that cannot be enrolled, with where: a JSON path, a field tag, a byte offset. */
export class EnrolmentRejection extends Error {
  override name = "EnrolmentRejection";
  constructor(
    readonly location: string,
    message: string,
    readonly recordId?: string,
  ) {
    super(message);
  }
}

const IDENTITY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DATE = /^\d{8}$/;
const SEX = new Set(["M", "F", "X", "U"]);
const KNOWN = new Set([
  "identity",
  "synthetic",
  "fbiNumber",
  "stateId",
  "fin",
  "aNumber",
  "name",
  "aliases",
  "dateOfBirth",
  "sex",
  "placeOfBirth",
  "citizenship",
  "criminalHistory",
  "immigration",
  "corroboration",
  "prints",
  "ebts",
]);

type Json = Record<string, unknown>;
type Reject = (path: string, message: string) => never;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks one record (parsed JSON) for the repository; every rejection names the property at fault as a
 * JSON path. With `ebts`, name, date of birth and sex may come from the file's Type-2 record.
 */
export function readEnrolmentRecord(
  value: unknown,
  repository: RepositoryName,
  options: { readonly printsOptional?: boolean } = {},
): EnrolmentRecord {
  if (!isObject(value)) throw new EnrolmentRejection("$", "a record is a JSON object");
  const id = typeof value.identity === "string" ? value.identity : undefined;
  const reject: Reject = (path, message) => {
    throw new EnrolmentRejection(path, message, id);
  };
  if (id === undefined || !IDENTITY.test(id))
    reject(
      "$.identity",
      "identity is required: 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit",
    );
  for (const key of Object.keys(value)) if (!KNOWN.has(key)) reject(`$.${key}`, `unknown property ${key}`);
  for (const key of ["fbiNumber", "stateId", "fin", "aNumber", "placeOfBirth", "citizenship"] as const) {
    const field = value[key];
    if (field !== undefined && (typeof field !== "string" || field.length === 0 || field.length > 64))
      reject(`$.${key}`, `${key} must be a non-empty string of at most 64 characters`);
  }
  if (value.synthetic !== undefined && typeof value.synthetic !== "boolean")
    reject("$.synthetic", "synthetic must be true or false");
  const ebts = value.ebts;
  if (ebts !== undefined && (typeof ebts !== "string" || ebts.length === 0))
    reject("$.ebts", "ebts must name a file");
  const fromFile = typeof ebts === "string";
  if (value.name !== undefined || !fromFile) checkName(value.name, "$.name", reject);
  if (Array.isArray(value.aliases))
    value.aliases.forEach((alias, i) => {
      checkName(alias, `$.aliases[${i}]`, reject);
    });
  else if (value.aliases !== undefined) reject("$.aliases", "aliases must be an array of names");
  if (value.dateOfBirth !== undefined || !fromFile) {
    if (typeof value.dateOfBirth !== "string" || !DATE.test(value.dateOfBirth))
      reject("$.dateOfBirth", "dateOfBirth must be CCYYMMDD");
  }
  if (value.sex !== undefined || !fromFile) {
    if (typeof value.sex !== "string" || !SEX.has(value.sex)) reject("$.sex", "sex must be M, F, X or U");
  }
  if (value.criminalHistory !== undefined) {
    if (repository !== "criminal")
      reject("$.criminalHistory", "criminalHistory belongs to the criminal repository");
    if (!Array.isArray(value.criminalHistory))
      reject("$.criminalHistory", "criminalHistory must be an array of arrests");
  }
  if (value.immigration !== undefined) {
    if (repository !== "ident") reject("$.immigration", "immigration belongs to the IDENT repository");
    if (!isObject(value.immigration) || typeof value.immigration.recordedStatus !== "string")
      reject("$.immigration.recordedStatus", "immigration must be an object with a recordedStatus");
  }
  if (value.corroboration !== undefined && !isObject(value.corroboration))
    reject("$.corroboration", "corroboration must be an object");
  const prints =
    options.printsOptional && value.prints === undefined ? [] : readPrints(value.prints, fromFile, reject);
  const identity = id as string;
  const { prints: _prints, ebts: _ebts, ...rest } = value;
  const record = {
    ...rest,
    synthetic: value.synthetic === true,
    identity,
    // A repository's answer names the record by its own number: the identity unless the record says.
    ...(repository === "criminal"
      ? { fbiNumber: value.fbiNumber ?? identity }
      : { fin: value.fin ?? identity }),
  } as unknown as SubjectRecord;
  return { record, prints, ...(typeof ebts === "string" ? { ebts } : {}) };
}

function checkName(value: unknown, path: string, reject: Reject): void {
  if (!isObject(value)) reject(path, "a name is an object with surname and given");
  const name = value as Json;
  for (const key of ["surname", "given"] as const) {
    const part = name[key];
    if (typeof part !== "string" || part.length === 0 || part.length > 50)
      reject(`${path}.${key}`, `${key} is required, at most 50 characters`);
  }
  if (name.middle !== undefined && typeof name.middle !== "string")
    reject(`${path}.middle`, "middle must be a string");
}

function readPrints(value: unknown, fromFile: boolean, reject: Reject): PrintReference[] {
  if (value === undefined) {
    if (!fromFile) reject("$.prints", "prints (templates) or ebts (a file with the images) is required");
    return [];
  }
  if (fromFile) reject("$.prints", "give prints or ebts, not both");
  if (!Array.isArray(value) || value.length === 0) reject("$.prints", "prints must be a non-empty array");
  const prints: PrintReference[] = [];
  const positions = new Set<number>();
  (value as unknown[]).forEach((print, i) => {
    const path = `$.prints[${i}]`;
    if (!isObject(print)) reject(path, "a print is an object with file or base64");
    const entry = print as Json;
    let position: number | undefined;
    if (entry.position !== undefined) {
      const p = entry.position;
      if (typeof p !== "number" || !Number.isInteger(p) || p < 1 || p > 10)
        reject(`${path}.position`, "position must be a finger position 1–10");
      position = p as number;
      if (positions.has(position)) reject(`${path}.position`, `finger ${position} is given twice`);
      positions.add(position);
    }
    const at = position === undefined ? {} : { position };
    if (typeof entry.file === "string" && entry.file.length > 0 && entry.base64 === undefined)
      prints.push({ ...at, file: entry.file });
    else if (typeof entry.base64 === "string" && entry.file === undefined) {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(entry.base64)) reject(`${path}.base64`, "base64 is not base64");
      prints.push({ ...at, bytes: new Uint8Array(Buffer.from(entry.base64, "base64")) });
    } else reject(path, "a print has either file or base64");
  });
  return prints;
}
