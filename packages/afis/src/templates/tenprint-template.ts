import type { FingerprintTemplate, Minutia, MinutiaType } from "../minutia.js";
import { TemplateError } from "./template-error.js";
import { TEMPLATE_LIMITS } from "./template-limits.js";

/**
 * Tenprint's own template format: compact, versioned, checksummed. Every later version of the
 * library reads every earlier version: the reader dispatches on the version byte, and a version's
 * reader is never changed once released.
 *
 * Version 1 (big-endian):
 *   0  "TPFT" magic            4  version = 1              5  flags (0)
 *   6  width (u16, px @500 ppi) 8  height (u16)            10 quality (u8, 0–100)
 *   11 minutia count (u16)
 *   13 per minutia, 8 bytes: x, y (u16, ¼ px), direction (u16, 1/65536 turn), type (u8: 0 other,
 *      1 ending, 2 bifurcation), quality (u8)
 *   …  CRC-32 (IEEE) of every preceding byte (u32)
 */
export const TENPRINT_TEMPLATE_VERSION = 1;

const MAGIC = [0x54, 0x50, 0x46, 0x54];
const HEADER_V1 = 13;
const MINUTIA_V1 = 8;
const TURN = 2 * Math.PI;

export function isTenprintTemplate(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && MAGIC.every((b, i) => bytes[i] === b);
}

export function writeTenprintTemplate(template: FingerprintTemplate): Uint8Array {
  const count = template.minutiae.length;
  if (count > 0xffff)
    throw new TemplateError("minutiae", -1, `${count} minutiae cannot be stored (limit 65535)`);
  if (template.width > TEMPLATE_LIMITS.maxImageSide || template.height > TEMPLATE_LIMITS.maxImageSide) {
    throw new TemplateError(
      "image size",
      -1,
      `${template.width}x${template.height} exceeds ${TEMPLATE_LIMITS.maxImageSide}`,
    );
  }
  const out = new Uint8Array(HEADER_V1 + count * MINUTIA_V1 + 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = TENPRINT_TEMPLATE_VERSION;
  view.setUint16(6, Math.round(template.width));
  view.setUint16(8, Math.round(template.height));
  out[10] = clamp(Math.round(template.quality), 0, 100);
  view.setUint16(11, count);
  let at = HEADER_V1;
  for (const m of template.minutiae) {
    view.setUint16(at, clamp(Math.round(m.x * 4), 0, 0xffff));
    view.setUint16(at + 2, clamp(Math.round(m.y * 4), 0, 0xffff));
    view.setUint16(at + 4, Math.round((normalize(m.direction) / TURN) * 65536) & 0xffff);
    out[at + 6] = m.type === "ending" ? 1 : m.type === "bifurcation" ? 2 : 0;
    out[at + 7] = clamp(Math.round(m.quality), 0, 100);
    at += MINUTIA_V1;
  }
  view.setUint32(at, crc32(out.subarray(0, at)));
  return out;
}

export function readTenprintTemplate(bytes: Uint8Array): FingerprintTemplate {
  if (bytes.length > TEMPLATE_LIMITS.maxRecordBytes) {
    throw new TemplateError(
      "record length",
      0,
      `${bytes.length} bytes exceeds the ${TEMPLATE_LIMITS.maxRecordBytes}-byte limit`,
    );
  }
  if (!isTenprintTemplate(bytes)) throw new TemplateError("magic", 0, 'expected "TPFT"');
  const version = bytes[4]!;
  const reader = READERS[version];
  if (!reader) {
    throw new TemplateError(
      "version",
      4,
      `version ${version} is newer than this library (reads 1–${TENPRINT_TEMPLATE_VERSION})`,
    );
  }
  return reader(bytes);
}

const READERS: Record<number, (bytes: Uint8Array) => FingerprintTemplate> = { 1: readVersion1 };

function readVersion1(bytes: Uint8Array): FingerprintTemplate {
  if (bytes.length < HEADER_V1 + 4) {
    throw new TemplateError(
      "header",
      bytes.length,
      `record ends after ${bytes.length} bytes, header needs ${HEADER_V1 + 4}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint16(6);
  const height = view.getUint16(8);
  const quality = bytes[10]!;
  const count = view.getUint16(11);
  const expected = HEADER_V1 + count * MINUTIA_V1 + 4;
  if (bytes.length !== expected) {
    throw new TemplateError(
      "minutia count",
      11,
      `${count} minutiae need ${expected} bytes, record has ${bytes.length}`,
    );
  }
  const stored = view.getUint32(expected - 4);
  const actual = crc32(bytes.subarray(0, expected - 4));
  if (stored !== actual) {
    throw new TemplateError(
      "checksum",
      expected - 4,
      `CRC-32 ${hex(stored)} does not match the content (${hex(actual)})`,
    );
  }
  if (width > TEMPLATE_LIMITS.maxImageSide || height > TEMPLATE_LIMITS.maxImageSide) {
    throw new TemplateError("image size", 6, `${width}x${height} exceeds ${TEMPLATE_LIMITS.maxImageSide}`);
  }
  if (quality > 100) throw new TemplateError("quality", 10, `quality ${quality} is above 100`);
  const minutiae: Minutia[] = [];
  for (let i = 0, at = HEADER_V1; i < count; i++, at += MINUTIA_V1) {
    const typeCode = bytes[at + 6]!;
    if (typeCode > 2)
      throw new TemplateError(`minutia ${i} type`, at + 6, `type code ${typeCode} is not 0–2`);
    const minutiaQuality = bytes[at + 7]!;
    if (minutiaQuality > 100)
      throw new TemplateError(`minutia ${i} quality`, at + 7, `quality ${minutiaQuality} is above 100`);
    const type: MinutiaType = typeCode === 1 ? "ending" : typeCode === 2 ? "bifurcation" : "other";
    minutiae.push({
      x: view.getUint16(at) / 4,
      y: view.getUint16(at + 2) / 4,
      direction: (view.getUint16(at + 4) / 65536) * TURN,
      type,
      quality: minutiaQuality,
    });
  }
  return { width, height, minutiae, quality };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function normalize(a: number): number {
  const r = a % TURN;
  return r < 0 ? r + TURN : r;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
