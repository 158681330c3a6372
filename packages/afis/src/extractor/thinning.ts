import { BitRaster } from "./bit-raster.js";
import type { SkeletonPixels } from "./skeleton-graph.js";

/**
 * Thins a binary map to a one-pixel, 8-connected skeleton. Zhang–Suen sub-iterations run bit-parallel,
 * 32 pixels per machine word; a final pass deletes the corner pixels of staircases, which Zhang–Suen leaves
 * and which would otherwise look like three-way junctions.
 *
 * Neighbour bits: 0 N, 1 NE, 2 E, 3 SE, 4 S, 5 SW, 6 W, 7 NW. `binary` holds 0 or 1 per pixel.
 */
export function thin(binary: Uint8Array, width: number, height: number, maxIterations: number): Uint8Array {
  const { xs, rowStart } = thinBits(BitRaster.from(binary, width, height), maxIterations);
  const map = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let k = rowStart[y]!; k < rowStart[y + 1]!; k++) map[y * width + xs[k]!] = 1;
  return map;
}

/**
 * `thin` on a map already in bits (binarisation writes its maps so), which is thinned in place; returns
 * the skeleton's pixels as a list, which is what the skeleton graph reads.
 */
export function thinBits(bits: BitRaster, maxIterations: number): SkeletonPixels {
  const original = bits.words.slice();
  zhangSuen(bits, maxIterations);
  // The staircase pass looks only at pixels Zhang–Suen ever had to look at: those on the boundary at the
  // start, and those next to a pixel it deleted (each deletion exposes its eight neighbours).
  const listed = listedPixels(bits, original);
  // Staircase deletion is sequential, so it runs in raster order to make the result depend on the
  // image alone; each deletion is cleared in the words at once, so later pixels see it.
  const { words, wordsPerRow, height } = bits;
  for (let y = 0; y < height; y++) {
    const row = (y + 1) * wordsPerRow;
    for (let w = 1; w < wordsPerRow - 1; w++) {
      let candidates = listed[row + w]! & words[row + w]!;
      while (candidates !== 0) {
        const bit = 31 - Math.clz32(candidates & -candidates);
        candidates &= candidates - 1;
        const at = row + w;
        const block =
          triple(words, at - wordsPerRow, bit) |
          (triple(words, at, bit) << 3) |
          (triple(words, at + wordsPerRow, bit) << 6);
        if (STAIRCASE_BLOCK[block]) words[at]! &= ~(1 << bit);
      }
    }
  }
  let count = 0;
  for (let w = 0; w < words.length; w++) count += bitCount(words[w]!);
  const xs = new Int32Array(count);
  const rowStart = new Int32Array(height + 1);
  let n = 0;
  for (let y = 0; y < height; y++) {
    rowStart[y] = n;
    const row = (y + 1) * wordsPerRow;
    for (let w = 1; w < wordsPerRow - 1; w++) {
      let set = words[row + w]!;
      const x0 = (w - 1) << 5;
      while (set !== 0) {
        xs[n++] = x0 + 31 - Math.clz32(set & -set);
        set &= set - 1;
      }
    }
  }
  rowStart[height] = n;
  return { xs, rowStart };
}

function bitCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Word `at` of a row ORed with its east and west shifts: bit b is set if b − 1, b or b + 1 is. */
function widened(r: Int32Array, at: number): number {
  return r[at]! | (r[at]! >>> 1) | (r[at + 1]! << 31) | (r[at]! << 1) | (r[at - 1]! >>> 31);
}

/**
 * Parallel Zhang–Suen until nothing changes or `maxIterations` iterations (two sub-iterations each). A
 * pixel is deleted when it has 2–6 set neighbours, exactly one 0→1 transition around them, and the
 * sub-iteration's directional condition holds: the same decision as the 256-entry tables, evaluated for
 * 32 pixels at once with bitwise logic. A row is evaluated again only if a deletion in the two previous
 * sub-iterations touched it or a row beside it: elsewhere the same table would see the same neighbours
 * and keep the same pixels.
 */
function zhangSuen(raster: BitRaster, maxIterations: number): void {
  const { words, wordsPerRow, height } = raster;
  const deleted = new Int32Array(words.length);
  // Sub-iteration in which each row last lost a pixel; rows start "changed" so that the first two
  // sub-iterations look at every row.
  const changedAt = new Int32Array(height + 2).fill(1);
  let sub = 2;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let changed = false;
    for (let pass = 0; pass < 2; pass++, sub++) {
      let any = false;
      for (let y = 1; y <= height; y++) {
        const recent = Math.max(changedAt[y - 1]!, changedAt[y]!, changedAt[y + 1]!);
        const row = y * wordsPerRow;
        if (recent < sub - 2) {
          deleted.fill(0, row, row + wordsPerRow);
          continue;
        }
        let rowAny = 0;
        for (let w = row + 1; w < row + wordsPerRow - 1; w++) {
          const c = words[w]!;
          if (c === 0) {
            deleted[w] = 0;
            continue;
          }
          const n = words[w - wordsPerRow]!;
          const s = words[w + wordsPerRow]!;
          // East neighbour of bit b is bit b + 1: shift right, pulling bit 0 of the next word into bit 31.
          const p0 = n;
          const p1 = (n >>> 1) | (words[w - wordsPerRow + 1]! << 31);
          const p2 = (c >>> 1) | (words[w + 1]! << 31);
          const p3 = (s >>> 1) | (words[w + wordsPerRow + 1]! << 31);
          const p4 = s;
          const p5 = (s << 1) | (words[w + wordsPerRow - 1]! >>> 31);
          const p6 = (c << 1) | (words[w - 1]! >>> 31);
          const p7 = (n << 1) | (words[w - wordsPerRow - 1]! >>> 31);
          // Neighbour count, bit-sliced: count = b0 + 2·b1 + 4·b2 + 8·b3.
          const x01 = p0 ^ p1;
          const s1 = x01 ^ p2;
          const c1 = (p0 & p1) | (p2 & x01);
          const x34 = p3 ^ p4;
          const s2 = x34 ^ p5;
          const c2 = (p3 & p4) | (p5 & x34);
          const s3 = p6 ^ p7;
          const c3 = p6 & p7;
          const x12 = s1 ^ s2;
          const b0 = x12 ^ s3;
          const cA = (s1 & s2) | (s3 & x12);
          const y12 = c1 ^ c2;
          const u = y12 ^ c3;
          const v = (c1 & c2) | (c3 & y12);
          const b1 = u ^ cA;
          const k = u & cA;
          const b2 = v ^ k;
          const b3 = v & k;
          // 2 ≤ count ≤ 6: at least 2, not 7 (0111), not 8 (b3 alone).
          const countOk = (b1 | b2) & ~b3 & ~(b2 & b1 & b0);
          // Exactly one 0→1 transition going round N, NE, …, NW, N.
          let once = ~p0 & p1;
          let twice = 0;
          let t = ~p1 & p2;
          twice |= once & t;
          once |= t;
          t = ~p2 & p3;
          twice |= once & t;
          once |= t;
          t = ~p3 & p4;
          twice |= once & t;
          once |= t;
          t = ~p4 & p5;
          twice |= once & t;
          once |= t;
          t = ~p5 & p6;
          twice |= once & t;
          once |= t;
          t = ~p6 & p7;
          twice |= once & t;
          once |= t;
          t = ~p7 & p0;
          twice |= once & t;
          once |= t;
          const directional =
            pass === 0 ? ~(p0 & p2 & p4) & ~(p2 & p4 & p6) : ~(p0 & p2 & p6) & ~(p0 & p4 & p6);
          const d = c & countOk & once & ~twice & directional;
          deleted[w] = d;
          rowAny |= d;
        }
        if (rowAny !== 0) {
          any = true;
          changedAt[y] = sub;
        }
      }
      if (!any) continue;
      changed = true;
      for (let w = 0; w < words.length; w++) words[w]! &= ~deleted[w]!;
    }
    if (!changed) break;
  }
}

/** Set pixels of `original` without all four edge neighbours, or next to a pixel no longer in `thinned`. */
function listedPixels(thinned: BitRaster, original: Int32Array): Int32Array {
  const { words, wordsPerRow } = thinned;
  const gone = new Int32Array(original.length);
  for (let w = 0; w < gone.length; w++) gone[w] = original[w]! & ~words[w]!;
  const listed = new Int32Array(original.length);
  for (let w = wordsPerRow + 1; w < original.length - wordsPerRow - 1; w++) {
    const c = original[w]!;
    const near = widened(gone, w - wordsPerRow) | widened(gone, w) | widened(gone, w + wordsPerRow);
    const n = original[w - wordsPerRow]!;
    const s = original[w + wordsPerRow]!;
    const e = (c >>> 1) | (original[w + 1]! << 31);
    const west = (c << 1) | (original[w - 1]! >>> 31);
    listed[w] = c & (~(n & s & e & west) | near);
  }
  return listed;
}

export function neighbourOffsets(stride: number): Int32Array {
  return Int32Array.of(-stride, -stride + 1, 1, stride + 1, stride, stride - 1, -1, -stride - 1);
}

export function neighbourCode(image: Uint8Array, i: number, offsets: Int32Array): number {
  let code = 0;
  for (let k = 0; k < 8; k++) if (image[i + offsets[k]!]) code |= 1 << k;
  return code;
}

function bit(code: number, k: number): number {
  return (code >> k) & 1;
}

/**
 * Zhang–Suen's deletion rule as a 256-entry table over neighbour codes, for the first or the second
 * sub-iteration: the rule `zhangSuen` evaluates with bitwise logic, kept as the reference its tests check it
 * against.
 */
export function zhangSuenTable(firstPass: boolean): Uint8Array {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    let count = 0;
    let transitions = 0;
    for (let k = 0; k < 8; k++) {
      count += bit(code, k);
      if (!bit(code, k) && bit(code, (k + 1) % 8)) transitions++;
    }
    const [n, e, s, w] = [bit(code, 0), bit(code, 2), bit(code, 4), bit(code, 6)];
    const directional = firstPass ? n * e * s === 0 && e * s * w === 0 : n * e * w === 0 && n * s * w === 0;
    table[code] = count >= 2 && count <= 6 && transitions === 1 && directional ? 1 : 0;
  }
  return table;
}

/** Number of 8-connected groups among the set neighbours (neighbours touch when they are grid-adjacent). */
export function neighbourGroups(code: number): number {
  const group = [0, 1, 2, 3, 4, 5, 6, 7];
  const find = (k: number): number => (group[k] === k ? k : find(group[k]!));
  for (let k = 0; k < 8; k++) {
    if (!bit(code, k)) continue;
    // Ring neighbours touch; an edge neighbour also touches the next edge neighbour (N and E meet at NE).
    const touching = k % 2 === 0 ? [(k + 1) % 8, (k + 2) % 8] : [(k + 1) % 8];
    for (const j of touching) if (bit(code, j)) group[find(j)] = find(k);
  }
  let groups = 0;
  for (let k = 0; k < 8; k++) if (bit(code, k) && find(k) === k) groups++;
  return groups;
}

function buildStaircase(): Uint8Array {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    let count = 0;
    for (let k = 0; k < 8; k++) count += bit(code, k);
    // Deleting a pixel whose neighbours form one group keeps the skeleton connected; requiring two
    // neighbours spares line ends.
    table[code] = count >= 2 && neighbourGroups(code) === 1 ? 1 : 0;
  }
  return table;
}

/** Staircase corners: pixels whose deletion keeps their neighbours one group (and spares line ends). */
export const STAIRCASE = buildStaircase();

/** Bits x − 1, x, x + 1 of a row, where x is bit `bit` of word `at` (the neighbours may sit in the words beside). */
function triple(words: Int32Array, at: number, bit: number): number {
  if (bit === 0) return (words[at - 1]! >>> 31) | ((words[at]! & 3) << 1);
  if (bit === 31) return ((words[at]! >>> 30) & 3) | ((words[at + 1]! & 1) << 2);
  return (words[at]! >>> (bit - 1)) & 7;
}

/**
 * STAIRCASE indexed by a pixel's 3×3 block as three row triples (above | row << 3 | below << 6, bit 0
 * of each the west pixel), so that a pixel's decision costs three shifts instead of eight bit reads.
 */
const STAIRCASE_BLOCK = (() => {
  const table = new Uint8Array(512);
  for (let block = 0; block < 512; block++) {
    const above = block & 7;
    const row = (block >> 3) & 7;
    const below = block >> 6;
    const code =
      ((above >> 1) & 1) |
      (((above >> 2) & 1) << 1) |
      (((row >> 2) & 1) << 2) |
      (((below >> 2) & 1) << 3) |
      (((below >> 1) & 1) << 4) |
      ((below & 1) << 5) |
      ((row & 1) << 6) |
      ((above & 1) << 7);
    table[block] = STAIRCASE[code]!;
  }
  return table;
})();
