import type { GrayImage } from "../src/image/gray-image.js";

/**
 * A deterministic fingerprint-like test image: curved ridges (a sinusoid of the distance to an off-centre
 * core) with slow contrast variation and a little pseudo-random noise, so every wavelet subband carries
 * energy the way a real print does.
 */
export function syntheticPrint(width: number, height: number, seed = 1): GrayImage {
  const pixels = new Uint8Array(width * height);
  let state = seed >>> 0 || 1;
  const noise = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 0xffffffff - 0.5) * 24;
  };
  const cx = width * 0.45;
  const cy = height * 0.4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot(x - cx, (y - cy) * 1.3);
      const ridge = Math.sin(r / 1.6 + Math.atan2(y - cy, x - cx) * 0.5);
      const contrast = 70 + 30 * Math.sin(x / 37) * Math.cos(y / 29);
      const value = 140 + contrast * ridge + noise();
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return { width, height, ppi: 500, pixels };
}

export function psnr(a: Uint8Array, b: Uint8Array): number {
  let squared = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    squared += d * d;
  }
  return 10 * Math.log10((255 * 255) / (squared / a.length));
}

/** Offsets of every marker (0xFF followed by A0..A8) outside entropy-coded data, in stream order. */
export function markerSequence(stream: Uint8Array): string[] {
  const names = ["SOI", "EOI", "SOF", "SOB", "DTT", "DQT", "DHT", "DRT", "COM"];
  const found: string[] = [];
  let i = 2;
  found.push("SOI");
  while (i + 1 < stream.length) {
    const marker = stream[i + 1]! - 0xa0;
    const name = names[marker] ?? "?";
    found.push(name);
    if (name === "EOI") break;
    const length = (stream[i + 2]! << 8) | stream[i + 3]!;
    i += 2 + length;
    if (name === "SOB") {
      while (i + 1 < stream.length && !(stream[i] === 0xff && stream[i + 1] !== 0))
        i += stream[i] === 0xff ? 2 : 1;
    }
  }
  return found;
}
