import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  decodeWsq,
  encodeWsq,
  fieldText,
  findField,
  firstItem,
  type GrayImage,
  lookupText,
  type NistRecord,
  type NistTransaction,
  WsqError,
} from "@tenprint/nist";
import { decodeImage, encodePng, ImageError } from "@tenprint/nist/image";
import { type Command, Option } from "commander";
import { fileError, invalidInput, writeOutputSync } from "./cli-errors.js";
import { readTransaction } from "./nist-read.js";

/** ANSI/NIST-ITL's minimum scanning resolution: what a Type-4 record with ISR 0 was scanned at. */
const MINIMUM_SCANNING_PPI = 500;
const MILLIMETRES_PER_INCH = 25.4;
const CENTIMETRES_PER_INCH = 2.54;

/** A fingerprint image record of a transaction, as stored. */
export interface StoredFingerImage {
  /** Position of the record in the transaction (0 is the Type-1). */
  readonly record: number;
  readonly type: 4 | 14;
  /** Finger position (first FGP of the record; 0 = unknown). */
  readonly fgp: number;
  readonly imp: number;
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  /** "WSQ20", "NONE", or the Type-14 CGA as written (JPEGB, JP2, PNG…). */
  readonly compression: string;
  readonly data: Uint8Array;
}

function tagged(record: NistRecord, field: number): string {
  if (record.kind !== "tagged") return "";
  const found = findField(record, field);
  return found?.kind === "text" ? fieldText(found) : "";
}

/** The first item of a field: the first of several finger positions. */
function first(record: NistRecord, field: number): string {
  if (record.kind !== "tagged") return "";
  const found = findField(record, field);
  return found?.kind === "text" ? firstItem(found) : "";
}

/** Type-4 ISR 1 means the native scanning resolution of 1.011 NSR, in pixels per millimetre. */
function nativePpi(transaction: NistTransaction): number {
  const field = lookupText(transaction, "1.011");
  const nsr = field ? Number(fieldText(field)) : 0;
  return nsr > 0 ? Math.round(nsr * MILLIMETRES_PER_INCH) : MINIMUM_SCANNING_PPI;
}

/** Type-14 SLC 1 is pixels per inch, 2 pixels per centimetre, 0 (aspect ratio only) says nothing. */
function type14Ppi(record: NistRecord): number {
  const scale = Number(tagged(record, 9));
  const units = tagged(record, 8);
  if (units === "1" && scale > 0) return scale;
  if (units === "2" && scale > 0) return Math.round(scale * CENTIMETRES_PER_INCH);
  return MINIMUM_SCANNING_PPI;
}

/** The Type-4 and Type-14 fingerprint images of a transaction, in record order, as stored. */
export function storedFingerImages(transaction: NistTransaction): StoredFingerImage[] {
  const images: StoredFingerImage[] = [];
  for (const [index, record] of transaction.records.entries()) {
    if (record.kind === "binary" && record.type === 4) {
      const number = (key: string) => {
        const value = record.header[key];
        return typeof value === "number" ? value : (value?.[0] ?? 0);
      };
      images.push({
        record: index,
        type: 4,
        fgp: number("FGP"),
        imp: number("IMP"),
        width: number("HLL"),
        height: number("VLL"),
        ppi: number("ISR") === 1 ? nativePpi(transaction) : MINIMUM_SCANNING_PPI,
        compression: number("CGA") === 1 ? "WSQ20" : number("CGA") === 0 ? "NONE" : `CGA ${number("CGA")}`,
        data: record.data,
      });
    } else if (record.kind === "tagged" && record.type === 14) {
      const data = findField(record, 999);
      images.push({
        record: index,
        type: 14,
        fgp: Number(first(record, 13)) || 0,
        imp: Number(tagged(record, 3)) || 0,
        width: Number(tagged(record, 6)),
        height: Number(tagged(record, 7)),
        ppi: type14Ppi(record),
        compression: tagged(record, 11).toUpperCase() || "NONE",
        data: data?.kind === "data" ? data.data : new Uint8Array(),
      });
    }
  }
  return images;
}

export type ImageOutputFormat = "wsq" | "png";

/** `record03-finger01.wsq`: the record index keeps two images of one finger (rolled and plain) apart. */
export function imageFileName(image: StoredFingerImage, format: ImageOutputFormat): string {
  return `record${String(image.record).padStart(2, "0")}-finger${String(image.fgp).padStart(2, "0")}.${format}`;
}

function isWsq(image: StoredFingerImage): boolean {
  return image.compression === "WSQ20" || image.compression === "WSQ";
}

/** The pixels of a stored image: WSQ through the repository's decoder, raw gray by its size, else by content. */
function pixelsOf(image: StoredFingerImage): GrayImage {
  if (isWsq(image)) return decodeWsq(image.data);
  if (image.compression === "NONE")
    return decodeImage(image.data, { raw: { width: image.width, height: image.height }, ppi: image.ppi });
  return decodeImage(image.data, { ppi: image.ppi });
}

/** The file's bytes, and how they were made: WSQ as stored when it is WSQ, else encoded from the pixels. */
export function imageBytes(
  image: StoredFingerImage,
  format: ImageOutputFormat,
): { bytes: Uint8Array; how: string } {
  if (format === "wsq" && isWsq(image)) return { bytes: image.data, how: "WSQ as stored" };
  const pixels = pixelsOf(image);
  if (format === "png") return { bytes: encodePng(pixels), how: `decoded from ${image.compression}` };
  return {
    bytes: encodeWsq(pixels, { comment: `from record ${image.record} (${image.compression})` }),
    how: `WSQ-encoded from ${image.compression}`,
  };
}

interface ImagesOptions {
  output: string;
  format: ImageOutputFormat;
  json?: boolean;
}

function runImages(file: string, transaction: NistTransaction, options: ImagesOptions): void {
  const images = storedFingerImages(transaction);
  if (images.length === 0) throw invalidInput(`${file}: no Type-4 or Type-14 fingerprint image records`);
  try {
    mkdirSync(options.output, { recursive: true });
  } catch (error) {
    throw fileError(error, options.output);
  }
  const written = images.map((image) => {
    let result: { bytes: Uint8Array; how: string };
    try {
      result = imageBytes(image, options.format);
    } catch (error) {
      if (error instanceof WsqError || error instanceof ImageError)
        throw invalidInput(`${file}: record ${image.record} (Type-${image.type}): ${error.message}`, error);
      throw error;
    }
    const path = join(options.output, imageFileName(image, options.format));
    writeOutputSync(path, result.bytes);
    return { image, path, ...result };
  });
  if (options.json) {
    const rows = written.map(({ image, path, bytes, how }) => {
      const { data: _data, ...fields } = image;
      return { ...fields, file: path, bytes: bytes.length, how };
    });
    process.stdout.write(`${JSON.stringify({ file, images: rows })}\n`);
    return;
  }
  for (const { image, path, bytes, how } of written) {
    process.stdout.write(
      `${path}: Type-${image.type} finger ${image.fgp} impression ${image.imp}, ${image.width}x${image.height} at ${image.ppi} ppi, ${how}, ${bytes.length} bytes\n`,
    );
  }
}

/** `tenprint nist images`: the fingerprint images of a transaction as files. */
export function registerNistImagesCommand(nist: Command): void {
  nist
    .command("images")
    .description(
      "write the Type-4 and Type-14 fingerprint images of a transaction to DIR as recordNN-fingerFF.<format>",
    )
    .argument("<file>", "ANSI/NIST-ITL transaction file")
    .requiredOption("-o, --output <dir>", "folder to write the images to (created if missing)")
    .addOption(
      new Option(
        "--format <format>",
        "wsq: WSQ as stored (other compressions are WSQ-encoded); png: decoded to 8-bit gray PNG",
      )
        .choices(["wsq", "png"])
        .default("wsq"),
    )
    .option(
      "--json",
      "print {file, images: [{record, type, fgp, imp, width, height, ppi, compression, file, bytes}]}",
    )
    .action(async (file: string, options: ImagesOptions) => {
      runImages(file, await readTransaction(file), options);
    });
}
