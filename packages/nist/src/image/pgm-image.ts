import type { GrayImage } from "./gray-image.js";
import { ImageError } from "./image-error.js";
import { checkDimensions, type ImageLimits } from "./image-limits.js";

const MAX_HEADER_BYTES = 4096;

/** Reads binary (P5) and plain (P2) PGM with any maxval up to 65535, scaled to 8 bits. */
export function decodePgm(
  bytes: Uint8Array,
  limits: ImageLimits,
): { pixels: Uint8Array; width: number; height: number } {
  const reader = new HeaderReader(bytes);
  const magic = reader.token("magic number");
  if (magic !== "P5" && magic !== "P2") throw new ImageError("pgm", `magic number ${magic} is not P5 or P2`);
  const width = reader.integer("width");
  const height = reader.integer("height");
  const maxValue = reader.integer("maxval");
  if (maxValue < 1 || maxValue > 65535) throw new ImageError("pgm", `maxval ${maxValue} is outside 1..65535`);
  checkDimensions("pgm", width, height, limits);
  const pixelCount = width * height;
  const samples =
    magic === "P5" ? reader.binarySamples(pixelCount, maxValue) : reader.plainSamples(pixelCount);
  const pixels = new Uint8Array(pixelCount);
  for (let i = 0; i < pixelCount; i++) {
    const sample = samples[i]!;
    if (sample > maxValue) throw new ImageError("pgm", `sample ${i} is ${sample}, above maxval ${maxValue}`);
    pixels[i] = maxValue === 255 ? sample : Math.round((sample * 255) / maxValue);
  }
  return { pixels, width, height };
}

/** Writes a binary PGM (P5, maxval 255) with the ppi in a comment, since PGM has no resolution field. */
export function encodePgm(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n# ppi ${image.ppi}\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.pixels.length);
  out.set(header, 0);
  out.set(image.pixels, header.length);
  return out;
}

/** The ppi that encodePgm records, if present. */
export function readPgmPpi(bytes: Uint8Array): number | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, Math.min(bytes.length, MAX_HEADER_BYTES)));
  const match = /#\s*ppi\s+(\d+(?:\.\d+)?)/.exec(head);
  return match ? Number(match[1]) : undefined;
}

class HeaderReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  token(what: string): string {
    this.skipWhitespaceAndComments();
    const start = this.offset;
    while (this.offset < this.bytes.length && !isWhitespace(this.bytes[this.offset]!)) {
      if (this.offset - start > 16) throw new ImageError("pgm", `${what} at byte ${start} is too long`);
      this.offset++;
    }
    if (start === this.offset) throw new ImageError("pgm", `${what} missing at byte ${start}`);
    return String.fromCharCode(...this.bytes.subarray(start, this.offset));
  }

  integer(what: string): number {
    const start = this.offset;
    const text = this.token(what);
    if (!/^\d+$/.test(text))
      throw new ImageError("pgm", `${what} "${text}" near byte ${start} is not a number`);
    return Number(text);
  }

  binarySamples(count: number, maxValue: number): Uint16Array | Uint8Array {
    // Exactly one whitespace byte separates maxval from the raster.
    const start = this.offset + 1;
    const bytesPerSample = maxValue > 255 ? 2 : 1;
    const needed = count * bytesPerSample;
    if (this.bytes.length - start < needed) {
      throw new ImageError(
        "pgm",
        `raster has ${Math.max(0, this.bytes.length - start)} bytes, expected ${needed}`,
      );
    }
    if (bytesPerSample === 1) return this.bytes.subarray(start, start + needed);
    const samples = new Uint16Array(count);
    for (let i = 0; i < count; i++)
      samples[i] = (this.bytes[start + 2 * i]! << 8) | this.bytes[start + 2 * i + 1]!;
    return samples;
  }

  plainSamples(count: number): Uint16Array {
    const samples = new Uint16Array(count);
    for (let i = 0; i < count; i++) {
      const value = this.integer(`sample ${i}`);
      if (value > 65535) throw new ImageError("pgm", `sample ${i} is ${value}, above 65535`);
      samples[i] = value;
    }
    return samples;
  }

  private skipWhitespaceAndComments(): void {
    while (this.offset < this.bytes.length) {
      const byte = this.bytes[this.offset]!;
      if (isWhitespace(byte)) this.offset++;
      else if (byte === 0x23) {
        while (this.offset < this.bytes.length && this.bytes[this.offset] !== 0x0a) this.offset++;
      } else return;
    }
  }
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0b || byte === 0x0c;
}
