import { createRequire } from "node:module";
import type { FingerprintTemplate, Minutia } from "@tenprint/afis";
import {
  type AnchoredTemplate,
  type ChimeraPool,
  type ChimeraSource,
  chimeraPool,
} from "./chimeric-template.js";
import { FINGERPRINT_CLASSES } from "./fingerprint-class.js";
import { SynthFingerError } from "./synth-finger-error.js";

/**
 * A source finger packed as base64: class (1 byte), then the rolled and the plain template, each as
 * anchor x, y (int16, tenths of a pixel), rotation (int16, 1e-4 rad), width, height (uint16),
 * template quality (uint8),
 * minutia count (uint16) and 7 bytes a minutia: x, y (uint16, tenths of a pixel), direction (uint16,
 * 2π / 65536) and type and quality in one byte (bit 7 set for a bifurcation). Little-endian.
 */
export function encodeChimeraSource(source: ChimeraSource): string {
  const size = 1 + [source.rolled, source.plain].reduce((s, t) => s + 13 + 7 * t.template.minutiae.length, 0);
  const bytes = Buffer.alloc(size);
  let o = bytes.writeUInt8(FINGERPRINT_CLASSES.indexOf(source.fingerClass), 0);
  for (const t of [source.rolled, source.plain]) {
    o = bytes.writeInt16LE(Math.round(t.anchorX * 10), o);
    o = bytes.writeInt16LE(Math.round(t.anchorY * 10), o);
    o = bytes.writeInt16LE(Math.round(t.rotation * 1e4), o);
    o = bytes.writeUInt16LE(t.template.width, o);
    o = bytes.writeUInt16LE(t.template.height, o);
    o = bytes.writeUInt8(Math.min(255, Math.max(0, Math.round(t.template.quality))), o);
    o = bytes.writeUInt16LE(t.template.minutiae.length, o);
    for (const m of t.template.minutiae) {
      o = bytes.writeUInt16LE(Math.round(m.x * 10), o);
      o = bytes.writeUInt16LE(Math.round(m.y * 10), o);
      o = bytes.writeUInt16LE(Math.round((m.direction / (2 * Math.PI)) * 65536) & 0xffff, o);
      o = bytes.writeUInt8((m.type === "bifurcation" ? 0x80 : 0) | Math.min(127, Math.round(m.quality)), o);
    }
  }
  return bytes.toString("base64");
}

export function decodeChimeraSource(text: string): ChimeraSource {
  const bytes = Buffer.from(text, "base64");
  const fingerClass = FINGERPRINT_CLASSES[bytes.readUInt8(0)];
  if (!fingerClass) throw new SynthFingerError("chimera source", "its pattern class is unknown");
  let o = 1;
  const next = (): AnchoredTemplate => {
    // Anchors may lie outside the frame (a core off the captured area), so they are signed.
    const anchorX = bytes.readInt16LE(o) / 10;
    const anchorY = bytes.readInt16LE(o + 2) / 10;
    const rotation = bytes.readInt16LE(o + 4) / 1e4;
    const width = bytes.readUInt16LE(o + 6);
    const height = bytes.readUInt16LE(o + 8);
    const quality = bytes.readUInt8(o + 10);
    const count = bytes.readUInt16LE(o + 11);
    o += 13;
    const minutiae: Minutia[] = [];
    for (let i = 0; i < count; i++, o += 7) {
      const typeQuality = bytes.readUInt8(o + 6);
      minutiae.push({
        x: bytes.readUInt16LE(o) / 10,
        y: bytes.readUInt16LE(o + 2) / 10,
        direction: (bytes.readUInt16LE(o + 4) / 65536) * 2 * Math.PI,
        type: typeQuality & 0x80 ? "bifurcation" : "ending",
        quality: typeQuality & 0x7f,
      });
    }
    const template: FingerprintTemplate = { width, height, quality, minutiae };
    return { template, anchorX, anchorY, rotation };
  };
  const rolled = next();
  const plain = next();
  return { fingerClass, rolled, plain };
}

const require = createRequire(import.meta.url);
let packaged: ChimeraPool | undefined;

/**
 * The source pool shipped with the package (data/chimera-sources.json): rendered fingers of a seed no
 * probed person uses, written by packages/synth/bench/pack-chimera-sources.ts. Decoded once.
 */
export function packagedChimeraPool(): ChimeraPool {
  if (!packaged) {
    const data = require("./data/chimera-sources.json") as { sources: string[] };
    packaged = chimeraPool(data.sources.map(decodeChimeraSource));
  }
  return packaged;
}
