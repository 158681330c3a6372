import { ENGINE_PPI, type FingerprintTemplate, type Minutia, type MinutiaType } from "../minutia.js";
import { TemplateError } from "./template-error.js";
import { TEMPLATE_LIMITS } from "./template-limits.js";

/**
 * ISO/IEC 19794-2:2005 and ANSI INCITS 378-2004 finger minutiae records. The two share the layout of
 * finger views and minutiae; they differ in the header (ANSI has a 2- or 6-byte length and a CBEFF
 * product id) and in the angle unit (ISO 360/256°, ANSI 2°). Coordinates are rescaled between the
 * record's declared resolution and the engine's 500 ppi frame, per axis, so records written for other
 * rasters compare correctly.
 */
export type StandardTemplateFormat = "iso19794-2" | "ansi378";

export interface FingerView {
  /** Finger position code (0 unknown, 1–10 rolled/plain fingers as in ANSI/NIST-ITL). */
  readonly position: number;
  readonly viewNumber: number;
  /** Impression type code (0 live-scan plain, 1 live-scan rolled, …). */
  readonly impressionType: number;
  /** Finger quality 0–100. */
  readonly quality: number;
  readonly template: FingerprintTemplate;
}

export interface MinutiaeRecord {
  readonly format: StandardTemplateFormat;
  readonly captureEquipmentId: number;
  /** Resolution the record declared, in pixels per inch (x, y). */
  readonly declaredPpi: { readonly x: number; readonly y: number };
  readonly views: readonly FingerView[];
}

const MAGIC = [0x46, 0x4d, 0x52, 0x00];
const VERSION_2005 = [0x20, 0x32, 0x30, 0x00];
const CM_PER_INCH = 2.54;
const TWO_PI = 2 * Math.PI;

const ANGLE_UNITS: Record<StandardTemplateFormat, number> = { "iso19794-2": 256, ansi378: 180 };

/** Finger positions both formats define: 0 unknown, 1–10 the fingers. */
const MAX_FINGER_POSITION = 10;

/**
 * Impression type codes each format defines; strict readers (FingerprintIO, used by SourceAFIS) reject
 * any other code.
 */
const IMPRESSION_TYPES: Record<StandardTemplateFormat, ReadonlySet<number>> = {
  "iso19794-2": new Set([0, 1, 2, 3, 8]),
  ansi378: new Set([0, 1, 2, 3, 8, 9]),
};

/**
 * Distinguishes the two formats by where the record length sits; null when neither fits. Exact length
 * matches win; otherwise a declared length shorter than the data (files padded by their writer) is
 * accepted.
 */
export function sniffStandardFormat(bytes: Uint8Array): StandardTemplateFormat | null {
  if (bytes.length < 26 || !startsWith(bytes, MAGIC)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const long = view.getUint32(8);
  const short = view.getUint16(8);
  const extended = view.getUint32(10);
  if (long === bytes.length) return "iso19794-2";
  if (short === bytes.length || (short === 0 && extended === bytes.length)) return "ansi378";
  if (long >= 24 && long < bytes.length) return "iso19794-2";
  if (short >= 26 && short < bytes.length) return "ansi378";
  return null;
}

export function readIso19794_2(bytes: Uint8Array): MinutiaeRecord {
  return readRecord(bytes, "iso19794-2");
}

export function readAnsi378(bytes: Uint8Array): MinutiaeRecord {
  return readRecord(bytes, "ansi378");
}

/** Reads either format, deciding by the header. */
export function readMinutiaeRecord(bytes: Uint8Array): MinutiaeRecord {
  const format = sniffStandardFormat(bytes);
  if (format === null) {
    throw new TemplateError(
      "header",
      0,
      "not an ISO/IEC 19794-2:2005 or ANSI INCITS 378-2004 record (magic or record length wrong)",
    );
  }
  return readRecord(bytes, format);
}

class Cursor {
  private readonly view: DataView;
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(count: number, field: string): void {
    if (this.offset + count > this.bytes.length) {
      throw new TemplateError(
        field,
        this.offset,
        `record ends after ${this.bytes.length} bytes, ${count} more needed`,
      );
    }
  }
  u8(field: string): number {
    this.need(1, field);
    return this.view.getUint8(this.offset++);
  }
  u16(field: string): number {
    this.need(2, field);
    const value = this.view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }
  u32(field: string): number {
    this.need(4, field);
    const value = this.view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }
}

function readRecord(bytes: Uint8Array, format: StandardTemplateFormat): MinutiaeRecord {
  if (bytes.length > TEMPLATE_LIMITS.maxRecordBytes) {
    throw new TemplateError(
      "record length",
      0,
      `${bytes.length} bytes exceeds the ${TEMPLATE_LIMITS.maxRecordBytes}-byte limit`,
    );
  }
  const cursor = new Cursor(bytes);
  cursor.need(8, "format identifier");
  if (!startsWith(bytes, MAGIC)) throw new TemplateError("format identifier", 0, 'expected "FMR\\0"');
  if (!startsWith(bytes.subarray(4), VERSION_2005)) {
    const text = String.fromCharCode(...bytes.subarray(4, 8)).replace(/\0/g, "\\0");
    throw new TemplateError(
      "version",
      4,
      `version "${text}" is not supported (only " 20\\0", the 2004/2005 editions)`,
    );
  }
  cursor.offset = 8;
  let declaredLength: number;
  if (format === "iso19794-2") {
    declaredLength = cursor.u32("record length");
  } else {
    declaredLength = cursor.u16("record length");
    if (declaredLength === 0) declaredLength = cursor.u32("record length (extended)");
    cursor.u32("CBEFF product identifier");
  }
  if (declaredLength > bytes.length || declaredLength < cursor.offset) {
    throw new TemplateError(
      "record length",
      8,
      `header declares ${declaredLength} bytes but the record has ${bytes.length}`,
    );
  }
  // Bytes after the declared length are padding some writers add; they are not read.
  if (declaredLength < bytes.length) return readRecord(bytes.subarray(0, declaredLength), format);
  const captureEquipmentId = cursor.u16("capture equipment") & 0x0fff;
  const widthOffset = cursor.offset;
  const width = cursor.u16("image width");
  const height = cursor.u16("image height");
  const resolutionOffset = cursor.offset;
  const xResolution = cursor.u16("x resolution");
  const yResolution = cursor.u16("y resolution");
  if (xResolution === 0 || yResolution === 0) {
    throw new TemplateError(
      "resolution",
      resolutionOffset,
      "x and y resolution (pixels per cm) must be non-zero",
    );
  }
  if (width === 0 || height === 0) {
    throw new TemplateError("image size", widthOffset, `image size ${width}x${height} must be non-zero`);
  }
  const viewCountOffset = cursor.offset;
  const viewCount = cursor.u8("number of finger views");
  cursor.u8("reserved");
  if (viewCount > TEMPLATE_LIMITS.maxFingerViews) {
    throw new TemplateError(
      "number of finger views",
      viewCountOffset,
      `${viewCount} exceeds the limit of ${TEMPLATE_LIMITS.maxFingerViews}`,
    );
  }
  const declaredPpi = { x: xResolution * CM_PER_INCH, y: yResolution * CM_PER_INCH };
  const scaleX = ENGINE_PPI / declaredPpi.x;
  const scaleY = ENGINE_PPI / declaredPpi.y;
  const engineWidth = Math.round(width * scaleX);
  const engineHeight = Math.round(height * scaleY);
  if (engineWidth > TEMPLATE_LIMITS.maxImageSide || engineHeight > TEMPLATE_LIMITS.maxImageSide) {
    throw new TemplateError(
      "image size",
      widthOffset,
      `${engineWidth}x${engineHeight} at 500 ppi exceeds ${TEMPLATE_LIMITS.maxImageSide}`,
    );
  }
  const angleUnits = ANGLE_UNITS[format];
  const views: FingerView[] = [];
  for (let v = 0; v < viewCount; v++) {
    const viewOffset = cursor.offset;
    const position = cursor.u8(`finger view ${v} position`);
    if (position > 15) {
      throw new TemplateError(
        `finger view ${v} position`,
        viewOffset,
        `finger position ${position} is not 0–15`,
      );
    }
    const viewByte = cursor.u8(`finger view ${v} view number`);
    const quality = cursor.u8(`finger view ${v} quality`);
    const countOffset = cursor.offset;
    const count = cursor.u8(`finger view ${v} number of minutiae`);
    if (count > TEMPLATE_LIMITS.maxMinutiae) {
      throw new TemplateError(
        `finger view ${v} number of minutiae`,
        countOffset,
        `${count} exceeds ${TEMPLATE_LIMITS.maxMinutiae}`,
      );
    }
    cursor.need(count * 6, `finger view ${v} minutiae`);
    const minutiae: Minutia[] = [];
    for (let m = 0; m < count; m++) {
      const at = cursor.offset;
      const field = `finger view ${v} minutia ${m}`;
      const typeX = cursor.u16(field);
      const y = cursor.u16(field) & 0x3fff;
      const angle = cursor.u8(field);
      const minutiaQuality = cursor.u8(field);
      const x = typeX & 0x3fff;
      const typeBits = typeX >> 14;
      if (x >= width || y >= height) {
        throw new TemplateError(field, at, `position (${x}, ${y}) lies outside the ${width}x${height} image`);
      }
      if (angle >= angleUnits) {
        throw new TemplateError(field, at + 4, `angle ${angle} is not below ${angleUnits}`);
      }
      if (minutiaQuality > 100) {
        throw new TemplateError(field, at + 5, `quality ${minutiaQuality} is above 100`);
      }
      const direction = (angle / angleUnits) * TWO_PI;
      minutiae.push({
        x: x * scaleX,
        y: y * scaleY,
        direction: rescaleDirection(direction, scaleX, scaleY),
        type: typeFromBits(typeBits),
        quality: minutiaQuality,
      });
    }
    const extendedLength = cursor.u16(`finger view ${v} extended data block length`);
    if (extendedLength > 0) {
      cursor.need(extendedLength, `finger view ${v} extended data block`);
      cursor.offset += extendedLength;
    }
    if (quality > 100) {
      throw new TemplateError(`finger view ${v} quality`, viewOffset + 2, `quality ${quality} is above 100`);
    }
    views.push({
      position,
      viewNumber: viewByte >> 4,
      impressionType: viewByte & 0x0f,
      quality,
      template: { width: engineWidth, height: engineHeight, minutiae, quality },
    });
  }
  if (cursor.offset !== bytes.length) {
    throw new TemplateError(
      "record length",
      cursor.offset,
      `${bytes.length - cursor.offset} bytes left after the last finger view`,
    );
  }
  return { format, captureEquipmentId, declaredPpi, views };
}

export interface RecordViewInput {
  readonly template: FingerprintTemplate;
  readonly position?: number;
  readonly viewNumber?: number;
  readonly impressionType?: number;
}

export interface WriteRecordOptions {
  readonly captureEquipmentId?: number;
  /**
   * Written into the ANSI CBEFF product identifier (owner in the high 16 bits); default
   * DEFAULT_ANSI_PRODUCT_ID.
   */
  readonly productId?: number;
}

/**
 * Format owner 0x0103, the IBIA CBEFF registry's "vendor unknown" organisation (Tenprint has no IBIA
 * registration), format type 0. Strict readers (SourceAFIS's FingerprintIO) reject owner 0; reading
 * stays tolerant of it.
 */
const DEFAULT_ANSI_PRODUCT_ID = 0x0103_0000;

/** Writes the views at 500 ppi (197 pixels/cm) in the engine frame; minutiae beyond 255 are cut. */
export function writeMinutiaeRecord(
  format: StandardTemplateFormat,
  views: readonly RecordViewInput[],
  options: WriteRecordOptions = {},
): Uint8Array {
  if (views.length === 0 || views.length > TEMPLATE_LIMITS.maxFingerViews) {
    throw new TemplateError(
      "finger views",
      -1,
      `need 1–${TEMPLATE_LIMITS.maxFingerViews} finger views, got ${views.length}`,
    );
  }
  checkViewCodes(format, views);
  const first = views[0]!.template;
  // Folds, not Math.max(...spread): nothing input-sized is spread into a call (issue 16).
  const width = views.reduce((most, v) => Math.max(most, Math.ceil(v.template.width)), 0);
  const height = views.reduce((most, v) => Math.max(most, Math.ceil(v.template.height)), 0);
  if (width > 0x3fff || height > 0x3fff || width < 1 || height < 1) {
    throw new TemplateError(
      "image size",
      -1,
      `${first.width}x${first.height} cannot be stored in 14-bit coordinates`,
    );
  }
  const headerLength = format === "iso19794-2" ? 24 : 26;
  let length = headerLength;
  const counts = views.map((v) => Math.min(v.template.minutiae.length, TEMPLATE_LIMITS.maxMinutiae));
  for (const count of counts) length += 4 + count * 6 + 2;
  const longAnsi = format === "ansi378" && length > 0xffff;
  if (longAnsi) length += 4;
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out.set(VERSION_2005, 4);
  let at = 8;
  if (format === "iso19794-2") {
    view.setUint32(at, length);
    at += 4;
  } else {
    if (longAnsi) {
      view.setUint16(at, 0);
      view.setUint32(at + 2, length);
      at += 6;
    } else {
      view.setUint16(at, length);
      at += 2;
    }
    view.setUint32(at, options.productId ?? DEFAULT_ANSI_PRODUCT_ID);
    at += 4;
  }
  view.setUint16(at, (options.captureEquipmentId ?? 0) & 0x0fff);
  view.setUint16(at + 2, width);
  view.setUint16(at + 4, height);
  const pixelsPerCm = Math.round(ENGINE_PPI / CM_PER_INCH);
  view.setUint16(at + 6, pixelsPerCm);
  view.setUint16(at + 8, pixelsPerCm);
  view.setUint8(at + 10, views.length);
  at += 12;
  const angleUnits = ANGLE_UNITS[format];
  views.forEach((input, v) => {
    const template = input.template;
    out[at++] = input.position ?? 0;
    out[at++] = ((input.viewNumber ?? 0) << 4) | (input.impressionType ?? 0);
    out[at++] = clampQuality(template.quality);
    const count = counts[v]!;
    out[at++] = count;
    const kept =
      template.minutiae.length > count
        ? [...template.minutiae].sort((a, b) => b.quality - a.quality).slice(0, count)
        : template.minutiae;
    for (const m of kept) {
      const x = Math.min(width - 1, Math.max(0, Math.round(m.x)));
      const y = Math.min(height - 1, Math.max(0, Math.round(m.y)));
      view.setUint16(at, (typeToBits(m.type) << 14) | x);
      view.setUint16(at + 2, y);
      out[at + 4] = Math.round((normalizeAngle(m.direction) / TWO_PI) * angleUnits) % angleUnits;
      out[at + 5] = clampQuality(m.quality);
      at += 6;
    }
    view.setUint16(at, 0);
    at += 2;
  });
  return out;
}

export function writeIso19794_2(
  template: FingerprintTemplate,
  view: Omit<RecordViewInput, "template"> = {},
): Uint8Array {
  return writeMinutiaeRecord("iso19794-2", [{ ...view, template }]);
}

export function writeAnsi378(
  template: FingerprintTemplate,
  view: Omit<RecordViewInput, "template"> = {},
): Uint8Array {
  return writeMinutiaeRecord("ansi378", [{ ...view, template }]);
}

/**
 * Both standards identify a view by (finger position, view number); readers that validate (FingerprintIO)
 * also require the views of one finger to be numbered 0, 1, 2, … in record order.
 */
function checkViewCodes(format: StandardTemplateFormat, views: readonly RecordViewInput[]): void {
  const nextView = new Map<number, number>();
  views.forEach((input, v) => {
    const position = input.position ?? 0;
    if (!Number.isInteger(position) || position < 0 || position > MAX_FINGER_POSITION) {
      throw new TemplateError(
        `finger view ${v} position`,
        -1,
        `finger position ${position} is not 0–${MAX_FINGER_POSITION}`,
      );
    }
    const impressionType = input.impressionType ?? 0;
    if (!IMPRESSION_TYPES[format].has(impressionType)) {
      throw new TemplateError(
        `finger view ${v} impression type`,
        -1,
        `impression type ${impressionType} is not one of ${[...IMPRESSION_TYPES[format]].join(", ")}`,
      );
    }
    const expected = nextView.get(position) ?? 0;
    const viewNumber = input.viewNumber ?? 0;
    if (viewNumber !== expected || expected > 15) {
      throw new TemplateError(
        `finger view ${v} view number`,
        -1,
        `finger position ${position} needs view number ${expected} here (views of one finger are numbered 0–15 in order), got ${viewNumber}`,
      );
    }
    nextView.set(position, expected + 1);
  });
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function typeFromBits(bits: number): MinutiaType {
  return bits === 1 ? "ending" : bits === 2 ? "bifurcation" : "other";
}

function typeToBits(type: MinutiaType): number {
  return type === "ending" ? 1 : type === "bifurcation" ? 2 : 0;
}

function clampQuality(q: number): number {
  return Math.min(100, Math.max(0, Math.round(q)));
}

function normalizeAngle(a: number): number {
  const r = a % TWO_PI;
  return r < 0 ? r + TWO_PI : r;
}

/** A direction stretched with the axes stays tangent to the stretched ridge. */
function rescaleDirection(direction: number, scaleX: number, scaleY: number): number {
  if (scaleX === scaleY) return direction;
  return normalizeAngle(Math.atan2(Math.sin(direction) * scaleY, Math.cos(direction) * scaleX));
}
