import type { FingerprintTemplate, Minutia } from "../minutia.js";

/** A small deterministic PRNG (mulberry32), so synthetic galleries are reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic finger's minutiae (template level, no image): 25–55 minutiae spread over an elliptic
 * finger area at least 10 px apart, their directions following a smooth loop-like orientation field
 * (core and delta at random places) with random ridge sense, as real minutiae do. Used as distractors
 * in 1:N evaluation and in tests; harder than uniform random directions because neighbouring
 * minutiae are nearly parallel, like in real prints.
 */
export function syntheticTemplate(seed: number): FingerprintTemplate {
  const random = seededRandom(seed);
  const width = 300 + Math.floor(random() * 100);
  const height = 360 + Math.floor(random() * 100);
  const count = 25 + Math.floor(random() * 31);
  const core = { x: width * (0.35 + 0.3 * random()), y: height * (0.3 + 0.3 * random()) };
  const delta = { x: width * (0.2 + 0.6 * random()), y: height * (0.7 + 0.2 * random()) };
  const field = (x: number, y: number) =>
    0.5 * (Math.atan2(-(y - core.y), x - core.x) - Math.atan2(-(y - delta.y), x - delta.x)) + Math.PI / 2;
  const minutiae: Minutia[] = [];
  // A 10 px occupancy grid keeps minutiae apart without comparing every pair.
  const gridWidth = Math.ceil(width / 10) + 2;
  const occupied = new Uint8Array(gridWidth * (Math.ceil(height / 10) + 2));
  for (let attempt = 0; attempt < count * 50 && minutiae.length < count; attempt++) {
    const u = random() * 2 - 1;
    const v = random() * 2 - 1;
    if (u * u + v * v > 1) continue;
    const x = width / 2 + (u * width) / 2.2;
    const y = height / 2 + (v * height) / 2.2;
    const cell = (Math.floor(y / 10) + 1) * gridWidth + Math.floor(x / 10) + 1;
    if (occupied[cell]) continue;
    occupied[cell] = 1;
    const direction = field(x, y) + (random() < 0.5 ? 0 : Math.PI) + (random() - 0.5) * 0.3;
    const turn = 2 * Math.PI;
    minutiae.push({
      x,
      y,
      direction: ((direction % turn) + turn) % turn,
      type: random() < 0.55 ? "ending" : "bifurcation",
      quality: 40 + Math.floor(random() * 60),
    });
  }
  return { width, height, minutiae, quality: 60 };
}

/**
 * Another impression of the same synthetic finger: rotated and shifted, minutiae jittered, some lost
 * and a few spurious ones added, as a second capture would be.
 */
export function syntheticImpression(
  template: FingerprintTemplate,
  seed: number,
  options: { rotation?: number; dx?: number; dy?: number; jitter?: number; dropRate?: number } = {},
): FingerprintTemplate {
  const random = seededRandom(seed);
  const rotation = options.rotation ?? (random() - 0.5) * 0.6;
  const dx = options.dx ?? (random() - 0.5) * 60;
  const dy = options.dy ?? (random() - 0.5) * 60;
  const jitter = options.jitter ?? 3;
  const dropRate = options.dropRate ?? 0.15;
  const cx = template.width / 2;
  const cy = template.height / 2;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  const turn = 2 * Math.PI;
  const minutiae: Minutia[] = [];
  for (const m of template.minutiae) {
    if (random() < dropRate) continue;
    const x = m.x - cx;
    const y = m.y - cy;
    // Counter-clockwise on screen with y down.
    minutiae.push({
      ...m,
      x: cx + x * cos + y * sin + dx + (random() - 0.5) * 2 * jitter,
      y: cy - x * sin + y * cos + dy + (random() - 0.5) * 2 * jitter,
      direction: (((m.direction + rotation + (random() - 0.5) * 0.2) % turn) + turn) % turn,
    });
  }
  const spurious = syntheticTemplate(seed ^ 0x5a5a5a5a).minutiae.slice(
    0,
    Math.floor(template.minutiae.length * 0.1),
  );
  return { ...template, minutiae: [...minutiae, ...spurious] };
}
