import type { GrayImage } from "@tenprint/nist";

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so synthetic images are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function toImage(
  width: number,
  height: number,
  ppi: number,
  value: (x: number, y: number) => number,
): GrayImage {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(value(x, y))));
  }
  return { width, height, ppi, pixels };
}

/**
 * Straight parallel ridges: `angle` is the ridge direction in image coordinates (radians, y down),
 * `period` the ridge-to-ridge distance in pixels. Ridges are dark.
 */
export function ridgePattern(
  width: number,
  height: number,
  angle: number,
  period: number,
  options: { ppi?: number; noise?: number; seed?: number } = {},
): GrayImage {
  const random = seededRandom(options.seed ?? 1);
  const noise = options.noise ?? 0;
  const nx = -Math.sin(angle);
  const ny = Math.cos(angle);
  return toImage(width, height, options.ppi ?? 500, (x, y) => {
    const across = x * nx + y * ny;
    return 128 - 80 * Math.cos((2 * Math.PI * across) / period) + noise * (random() - 0.5);
  });
}

/**
 * Horizontal ridges of the given period with one minutia at (x0, y0), made by a phase singularity
 * (cos(2π·dy/period − atan2(dy, dx))), so that neighbouring ridges bend smoothly around it as in a real
 * print. Polarity decides the kind: for "ending" the ridge through y0 runs from the left and stops at x0;
 * for "bifurcation" the ridge through y0 comes from the right and splits at x0 into two that continue to
 * the left.
 */
export function patternWithMinutia(
  kind: "ending" | "bifurcation",
  width: number,
  height: number,
  period: number,
  x0: number,
  y0: number,
): GrayImage {
  const random = seededRandom(7);
  const polarity = kind === "ending" ? -1 : 1;
  return toImage(width, height, 500, (x, y) => {
    const phase = (2 * Math.PI * (y - y0)) / period - Math.atan2(y - y0, x - x0);
    return 128 - 80 * polarity * Math.cos(phase) + 10 * (random() - 0.5);
  });
}

/** Uniform gray. */
export function uniformImage(width: number, height: number, value: number): GrayImage {
  return toImage(width, height, 500, () => value);
}

/** White noise around mid-gray. */
export function noiseImage(width: number, height: number, seed: number): GrayImage {
  const random = seededRandom(seed);
  return toImage(width, height, 500, () => 40 + 176 * random());
}
