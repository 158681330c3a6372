import type { Minutia, MinutiaType } from "@tenprint/afis";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";

/**
 * Minutiae of a clean binary ridge image (1 = ridge): Zhang–Suen thinning, then the crossing number on
 * the skeleton (1 = ending, 3 = bifurcation). Pairs closer than a ridge period are thinning artefacts
 * (spurs, tiny gaps) rather than minutiae and are dropped together. Directions follow ISO/IEC 19794-2
 * as @tenprint/afis reads them: an ending points back into its ridge, a bifurcation points away from its
 * stem, into the valley between its two branches.
 * `allowed(x, y)` limits detection (e.g. away from the silhouette edge, where every ridge "ends").
 */
export function ridgeMinutiae(
  ridges: Uint8Array,
  width: number,
  height: number,
  allowed: (x: number, y: number) => boolean,
): Minutia[] {
  const skeleton = thin(ridges, width, height);
  const candidates: { x: number; y: number; type: MinutiaType; direction: number }[] = [];
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (skeleton[i] === 0) continue;
      const crossings = crossingNumber(skeleton, width, i);
      if (crossings !== 1 && crossings !== 3) continue;
      const starts = branchStarts(skeleton, width, x, y);
      if (starts.length !== 1 && starts.length !== 3) continue;
      if (!allowed(x, y)) continue;
      const ends = starts.map((s) => trace(skeleton, width, height, x, y, s));
      let vx: number;
      let vy: number;
      if (ends.length === 1) {
        vx = ends[0]!.x - x;
        vy = ends[0]!.y - y;
      } else {
        const stem = stemBranch(ends, x, y);
        vx = x - ends[stem]!.x;
        vy = y - ends[stem]!.y;
      }
      if (vx === 0 && vy === 0) continue;
      let direction = Math.atan2(-vy, vx);
      if (direction < 0) direction += 2 * Math.PI;
      candidates.push({ x, y, type: ends.length === 1 ? "ending" : "bifurcation", direction });
    }
  }
  const keep = new Uint8Array(candidates.length).fill(1);
  const limit = P.minutiaPairDistance ** 2;
  for (let i = 0; i < candidates.length; i++) {
    const a = candidates[i]!;
    for (let j = i + 1; j < candidates.length; j++) {
      const b = candidates[j]!;
      if (b.y - a.y > P.minutiaPairDistance) break;
      if ((a.x - b.x) ** 2 + (a.y - b.y) ** 2 <= limit) {
        keep[i] = 0;
        keep[j] = 0;
      }
    }
  }
  return candidates
    .filter((_, i) => keep[i] === 1)
    .map((c) => ({ x: c.x, y: c.y, direction: c.direction, type: c.type, quality: 100 }));
}

const NX = [0, 1, 1, 1, 0, -1, -1, -1];
const NY = [-1, -1, 0, 1, 1, 1, 0, -1];

/** Number of background→ridge transitions around pixel i, clockwise. */
function crossingNumber(skeleton: Uint8Array, width: number, i: number): number {
  const n = skeleton[i - width]!;
  const ne = skeleton[i - width + 1]!;
  const e = skeleton[i + 1]!;
  const se = skeleton[i + width + 1]!;
  const s = skeleton[i + width]!;
  const sw = skeleton[i + width - 1]!;
  const w = skeleton[i - 1]!;
  const nw = skeleton[i - width - 1]!;
  return (
    (ne & (n ^ 1)) +
    (e & (ne ^ 1)) +
    (se & (e ^ 1)) +
    (s & (se ^ 1)) +
    (sw & (s ^ 1)) +
    (w & (sw ^ 1)) +
    (nw & (w ^ 1)) +
    (n & (nw ^ 1))
  );
}

/** Neighbours (as 0–7 indices) that begin a branch: a ridge pixel right after a background pixel, clockwise. */
function branchStarts(skeleton: Uint8Array, width: number, x: number, y: number): number[] {
  const starts: number[] = [];
  for (let k = 0; k < 8; k++) {
    const previous = (k + 7) % 8;
    const here = skeleton[(y + NY[k]!) * width + x + NX[k]!]!;
    const before = skeleton[(y + NY[previous]!) * width + x + NX[previous]!]!;
    if (here === 1 && before === 0) starts.push(k);
  }
  return starts;
}

function trace(
  skeleton: Uint8Array,
  width: number,
  height: number,
  x0: number,
  y0: number,
  start: number,
): { x: number; y: number } {
  const visited = new Set<number>([y0 * width + x0]);
  // Other branches' first pixels touch the start; marking them keeps the walk on its own branch.
  for (let k = 0; k < 8; k++) {
    const index = (y0 + NY[k]!) * width + x0 + NX[k]!;
    if (skeleton[index] === 1) visited.add(index);
  }
  let x = x0 + NX[start]!;
  let y = y0 + NY[start]!;
  visited.add(y * width + x);
  for (let step = 1; step < P.minutiaTraceLength; step++) {
    let moved = false;
    for (let k = 0; k < 8 && !moved; k++) {
      const nx = x + NX[k]!;
      const ny = y + NY[k]!;
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      const index = ny * width + nx;
      if (skeleton[index] === 0 || visited.has(index)) continue;
      visited.add(index);
      x = nx;
      y = ny;
      moved = true;
    }
    if (!moved) break;
  }
  return { x, y };
}

/** The stem is the branch pointing most nearly opposite to the other two. */
function stemBranch(ends: readonly { x: number; y: number }[], x: number, y: number): number {
  const angles = ends.map((e) => Math.atan2(e.y - y, e.x - x));
  let best = 0;
  let bestSeparation = -1;
  for (let i = 0; i < 3; i++) {
    const a = angles[(i + 1) % 3]!;
    const b = angles[(i + 2) % 3]!;
    const separation = Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)));
    if (bestSeparation < 0 || separation < bestSeparation) {
      bestSeparation = separation;
      best = i;
    }
  }
  return best;
}

/** Zhang–Suen thinning; the border row and column are left as background. */
function thin(ridges: Uint8Array, width: number, height: number): Uint8Array {
  const image = new Uint8Array(ridges);
  for (let x = 0; x < width; x++) {
    image[x] = 0;
    image[(height - 1) * width + x] = 0;
  }
  for (let y = 0; y < height; y++) {
    image[y * width] = 0;
    image[y * width + width - 1] = 0;
  }
  const removable: number[] = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      removable.length = 0;
      for (let y = 1; y < height - 1; y++) {
        for (let x = 1; x < width - 1; x++) {
          const i = y * width + x;
          if (image[i] === 0) continue;
          const p2 = image[i - width]!;
          const p3 = image[i - width + 1]!;
          const p4 = image[i + 1]!;
          const p5 = image[i + width + 1]!;
          const p6 = image[i + width]!;
          const p7 = image[i + width - 1]!;
          const p8 = image[i - 1]!;
          const p9 = image[i - width - 1]!;
          const count = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9;
          if (count < 2 || count > 6) continue;
          const transitions =
            Number(p2 === 0 && p3 === 1) +
            Number(p3 === 0 && p4 === 1) +
            Number(p4 === 0 && p5 === 1) +
            Number(p5 === 0 && p6 === 1) +
            Number(p6 === 0 && p7 === 1) +
            Number(p7 === 0 && p8 === 1) +
            Number(p8 === 0 && p9 === 1) +
            Number(p9 === 0 && p2 === 1);
          if (transitions !== 1) continue;
          if (
            pass === 0 ? p2 * p4 * p6 !== 0 || p4 * p6 * p8 !== 0 : p2 * p4 * p8 !== 0 || p2 * p6 * p8 !== 0
          )
            continue;
          removable.push(i);
        }
      }
      for (const i of removable) image[i] = 0;
      if (removable.length > 0) changed = true;
    }
  }
  return image;
}
