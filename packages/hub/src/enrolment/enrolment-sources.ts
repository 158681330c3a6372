import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, extname, join, resolve } from "node:path";
import { type EnrolledFinger, readMinutiaeRecord, sniffTemplateFormat, TemplateError } from "@tenprint/afis";
import { EbtsError, NistError, parseTransaction, readBooking } from "@tenprint/nist";
import { arrestEventOf } from "../services/arrest-enrolment.js";
import type { ProbeImage } from "../services/probe-image.js";
import type { SubjectRecord } from "../services/subject-record.js";
import { probeImages } from "../services/submission-probe.js";
import type { EnrolledPrint } from "../storage/enrolled-print-store.js";
import type { RepositoryName } from "../storage/subject-record-store.js";
import { EnrolmentRejection, type PrintReference, readEnrolmentRecord } from "./enrolment-record.js";

/** Files `tenprint enrol` reads: JSON records (one per file, or one per line) and EBTS transactions. */
const JSON_EXTENSIONS = new Set([".json", ".jsonl"]);
const EBTS_EXTENSIONS = new Set([".eft", ".ebts", ".an2", ".nist", ".int"]);

/** A record read from its source, ready to enrol once its images (if any) are extracted. */
export interface EnrolmentCandidate {
  readonly kind: "candidate";
  /** The file (and line) it came from. */
  readonly source: string;
  readonly record: SubjectRecord;
  /** Templates read from ISO/ANSI records. */
  readonly fingers?: readonly EnrolledFinger[];
  /** Images to extract (an EBTS file's rolled prints). */
  readonly images?: readonly ProbeImage[];
  /** WSQ images kept for analysts. */
  readonly prints?: readonly EnrolledPrint[];
}

/** One line of the rejects file. */
export interface EnrolmentReject {
  readonly kind: "reject";
  readonly path: string;
  readonly recordId?: string;
  /** Where in the source: a JSON path, a line, an EBTS record and field, a template's byte offset. */
  readonly location: string;
  readonly reason: string;
}

export type EnrolmentItem = EnrolmentCandidate | EnrolmentReject;

/** Every enrollable file under the paths (directories walked), in a stable order. */
export async function listEnrolmentFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (path: string): Promise<void> => {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = (await readdir(path)).sort();
      for (const entry of entries) {
        const child = join(path, entry);
        const childInfo = await stat(child);
        const ext = extname(entry).toLowerCase();
        if (childInfo.isDirectory()) await walk(child);
        else if (JSON_EXTENSIONS.has(ext) || EBTS_EXTENSIONS.has(ext)) files.push(child);
      }
    } else files.push(path);
  };
  for (const path of paths) await walk(path);
  return files;
}

/** How many records the files hold (for a progress bar): JSON records, plus EBTS files no record names. */
export async function countEnrolmentRecords(files: readonly string[]): Promise<number> {
  const named = new Set<string>();
  let records = 0;
  for (const file of files) {
    if (!JSON_EXTENSIONS.has(extname(file).toLowerCase())) continue;
    const entries = jsonValues(await readFile(file, "utf8").catch(() => ""), file);
    records += entries.length;
    for (const { value } of entries) {
      const ebts = (value as { ebts?: unknown } | undefined)?.ebts;
      if (typeof ebts === "string") named.add(resolve(dirname(file), ebts));
    }
  }
  for (const file of files)
    if (!JSON_EXTENSIONS.has(extname(file).toLowerCase()) && !named.has(resolve(file))) records++;
  return records;
}

/**
 * Reads the files as records for the repository, yielding candidates and located rejects in file order.
 * An EBTS file that a JSON record names (`ebts`) is enrolled with that record, not on its own.
 */
export async function* readEnrolmentItems(
  files: readonly string[],
  repository: RepositoryName,
  options: { readonly printsOptional?: boolean } = {},
): AsyncGenerator<EnrolmentItem> {
  const named = new Set<string>();
  const jsonFiles = files.filter((file) => JSON_EXTENSIONS.has(extname(file).toLowerCase()));
  // The references first (cheap: JSON only), so a named EBTS file met before its record is not enrolled twice.
  for (const file of jsonFiles) {
    for (const { value } of jsonValues(await readFile(file, "utf8"), file)) {
      const ebts = (value as { ebts?: unknown } | undefined)?.ebts;
      if (typeof ebts === "string") named.add(resolve(dirname(file), ebts));
    }
  }
  for (const file of files) {
    if (JSON_EXTENSIONS.has(extname(file).toLowerCase())) {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        yield reject(file, "file", `cannot be read: ${String(error)}`);
        continue;
      }
      for (const entry of jsonValues(text, file)) {
        if (entry.error) {
          yield reject(entry.source, entry.location, entry.error);
          continue;
        }
        yield await fromJson(entry.value, entry.source, dirname(file), repository, options);
      }
    } else if (!named.has(resolve(file))) yield await fromEbtsFile(file, repository);
  }
}

interface JsonEntry {
  readonly source: string;
  readonly value?: unknown;
  readonly location: string;
  readonly error?: string;
}

/** `.jsonl`: one record per non-empty line; `.json`: one record, or an array of records. */
function jsonValues(text: string, file: string): JsonEntry[] {
  if (extname(file).toLowerCase() === ".jsonl") {
    const entries: JsonEntry[] = [];
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === "") continue;
      const source = `${file}:${i + 1}`;
      try {
        entries.push({ source, value: JSON.parse(line), location: `line ${i + 1}` });
      } catch (error) {
        entries.push({ source, location: `line ${i + 1}`, error: `not JSON: ${(error as Error).message}` });
      }
    }
    return entries;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value))
      return value.map((item, i) => ({ source: `${file}[${i}]`, value: item, location: `$[${i}]` }));
    return [{ source: file, value, location: "$" }];
  } catch (error) {
    return [{ source: file, location: "$", error: `not JSON: ${(error as Error).message}` }];
  }
}

function reject(path: string, location: string, reason: string, recordId?: string): EnrolmentReject {
  return { kind: "reject", path, location, reason, ...(recordId ? { recordId } : {}) };
}

async function fromJson(
  value: unknown,
  source: string,
  folder: string,
  repository: RepositoryName,
  options: { readonly printsOptional?: boolean },
): Promise<EnrolmentItem> {
  let parsed: ReturnType<typeof readEnrolmentRecord>;
  try {
    parsed = readEnrolmentRecord(value, repository, options);
  } catch (error) {
    if (error instanceof EnrolmentRejection)
      return reject(source, error.location, error.message, error.recordId);
    throw error;
  }
  const id = parsed.record.identity;
  if (parsed.ebts) {
    const file = resolve(folder, parsed.ebts);
    const fromFile = await fromEbtsFile(file, repository, parsed.record);
    // The record's own source, so the reject names the record that pointed at the bad file.
    return fromFile.kind === "reject"
      ? reject(source, `$.ebts ${parsed.ebts}: ${fromFile.location}`, fromFile.reason, id)
      : { ...fromFile, source };
  }
  const fingers: EnrolledFinger[] = [];
  for (let i = 0; i < parsed.prints.length; i++) {
    const print = parsed.prints[i]!;
    const path = `$.prints[${i}]`;
    let bytes: Uint8Array;
    if ("file" in print) {
      try {
        bytes = new Uint8Array(await readFile(resolve(folder, print.file)));
      } catch (error) {
        return reject(source, `${path}.file`, `${print.file} cannot be read: ${String(error)}`, id);
      }
    } else bytes = print.bytes;
    const read = templatesOf(bytes, print);
    if (!Array.isArray(read)) return reject(source, `${path} ${read.location}`, read.reason, id);
    for (const finger of read) {
      if (fingers.some((f) => f.position === finger.position))
        return reject(source, path, `finger ${finger.position} is given twice`, id);
      fingers.push(finger);
    }
  }
  return { kind: "candidate", source, record: parsed.record, ...(fingers.length > 0 ? { fingers } : {}) };
}

export interface Unusable {
  readonly location: string;
  readonly reason: string;
}

/** A template file's fingers, or where and why it cannot be used. */
export function templatesOf(bytes: Uint8Array, print: PrintReference): EnrolledFinger[] | Unusable {
  const format = sniffTemplateFormat(bytes);
  if (format !== "iso19794-2" && format !== "ansi378")
    return {
      location: "byte 0",
      reason: "not an ISO/IEC 19794-2:2005 or ANSI INCITS 378-2004 finger minutiae record",
    };
  try {
    const record = readMinutiaeRecord(bytes);
    const views = record.views.filter((view) => view.viewNumber === 0 || record.views.length === 1);
    if (print.position !== undefined) {
      const view = views.length === 1 ? views[0] : views.find((v) => v.position === print.position);
      if (!view)
        return { location: "finger views", reason: `the record holds no view of finger ${print.position}` };
      return [{ position: print.position, template: view.template }];
    }
    const fingers: EnrolledFinger[] = [];
    for (const view of views) {
      if (view.position < 1 || view.position > 10)
        return {
          location: "finger view position",
          reason: `position ${view.position} is not a finger 1–10: give "position" in the record`,
        };
      if (!fingers.some((f) => f.position === view.position))
        fingers.push({ position: view.position, template: view.template });
    }
    if (fingers.length === 0) return { location: "finger views", reason: "the record holds no finger view" };
    return fingers;
  } catch (error) {
    if (error instanceof TemplateError)
      return {
        location: `${error.field}${error.offset >= 0 ? ` at byte ${error.offset}` : ""}`,
        reason: error.message,
      };
    throw error;
  }
}

const WSQ_SOI = [0xff, 0xa0];

/**
 * An EBTS transaction (CAR, CNA or CPNU) as a record: Type-2 biographics (under what `over` says), the
 * arrest for a criminal history, and the rolled prints to extract. A bare file is a criminal record named
 * by its 2.014 FBI number; an IDENT record needs a JSON record that names the file.
 */
async function fromEbtsFile(
  file: string,
  repository: RepositoryName,
  over?: SubjectRecord,
): Promise<EnrolmentItem> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    return reject(file, "file", `cannot be read: ${String(error)}`, over?.identity);
  }
  try {
    const transaction = parseTransaction(bytes);
    const booking = readBooking(transaction);
    const subject = booking.subject;
    const identity = over?.identity ?? subject.fbiNumber;
    if (!identity) {
      return repository === "criminal"
        ? reject(
            file,
            "record 1 (Type-2) field 2.014",
            "2.014 FBI is absent: a criminal record is named by its FBI number",
          )
        : reject(
            file,
            "file",
            'an IDENT record is named by its FIN: write a JSON record with identity and "ebts" naming this file',
          );
    }
    const images = probeImages(transaction);
    if (images.length === 0)
      return reject(
        file,
        "Type-14 field 14.013",
        "no rolled print (Type-14, finger position 1–10) to enrol",
        identity,
      );
    const record = {
      synthetic: false,
      name: subject.name,
      dateOfBirth: subject.dateOfBirth,
      sex: subject.sex,
      placeOfBirth: subject.placeOfBirth,
      ...(subject.citizenship ? { citizenship: subject.citizenship } : {}),
      ...(subject.aliases ? { aliases: subject.aliases } : {}),
      ...(subject.stateId ? { stateId: subject.stateId } : {}),
      ...(repository === "criminal"
        ? {
            fbiNumber: subject.fbiNumber ?? identity,
            criminalHistory: [arrestEventOf(booking, booking.arrest.bookingAgencyOri)],
          }
        : {}),
      ...over,
      identity,
    } as SubjectRecord;
    const prints = images.flatMap((image) =>
      !image.raw && image.data[0] === WSQ_SOI[0] && image.data[1] === WSQ_SOI[1]
        ? [{ position: image.position, wsq: image.data.slice(), ppi: image.ppi }]
        : [],
    );
    return { kind: "candidate", source: file, record, images, prints };
  } catch (error) {
    if (error instanceof NistError) return reject(file, nistLocation(error), error.reason, over?.identity);
    if (error instanceof EbtsError) {
      const first = error.problems[0];
      return reject(
        file,
        first ? `record ${first.recordIndex} field ${first.tag}` : "file",
        first
          ? `${first.mnemonic}: ${first.reason}${error.problems.length > 1 ? ` (and ${error.problems.length - 1} more)` : ""}`
          : error.message,
        over?.identity,
      );
    }
    throw error;
  }
}

function nistLocation(error: NistError): string {
  const { recordIndex, tag, offset } = error.location;
  const parts: string[] = [];
  if (recordIndex !== undefined) parts.push(`record ${recordIndex}`);
  if (tag !== undefined) parts.push(`field ${tag}`);
  if (offset !== undefined) parts.push(`byte ${offset}`);
  return parts.join(" ") || "file";
}
