import { type FilterPlan, type FilterRun, planJoin, planSplit, withoutSources } from "./wsq-filter-plan.js";
import type { WaveletNode } from "./wsq-trees.js";

/*
 * Every output is a single-precision multiply-accumulate chain: acc = f(x0*c0), then acc = f(acc + f(xi*ci))
 * with f = Math.fround, in the plan's term order, which reproduces NBIS's float arithmetic bit for bit.
 * The 9- and 7-term chains of the 9/7 filter bank are written out so they run without inner loops, four
 * independent outputs at a time so the processor can overlap their latency-bound chains.
 */

type Planner = (length: number, lo: Float32Array, hi: Float32Array, invert: boolean) => FilterPlan;

const PLAN_CACHE_LIMIT = 256;
const planMemo = new Map<string, FilterPlan>();

/**
 * Plans depend only on the filters, the line length and the orientation, so they are shared by the
 * 20 nodes of one image and by later images of the same size (bounded memo).
 */
function planCache(planner: Planner, lo: Float32Array, hi: Float32Array) {
  const filters = `${planner.name}:${lo.join(",")}:${hi.join(",")}`;
  return (length: number, invert: boolean): FilterPlan => {
    const key = `${filters}:${length}:${invert}`;
    let plan = planMemo.get(key);
    if (!plan) {
      plan = planner(length, lo, hi, invert);
      if (planMemo.size >= PLAN_CACHE_LIMIT) planMemo.clear();
      planMemo.set(key, plan);
    }
    return plan;
  };
}

/** One output from its term list, for the samples of a line starting at `offset` with the given stride. */
function chain(src: Float32Array, offset: number, stride: number, plan: FilterPlan, out: number): number {
  const { termStart, termSource, termCoefficient } = plan;
  let k = termStart[out]!;
  const end = termStart[out + 1]!;
  if (k === end) return 0;
  let acc = Math.fround(src[offset + termSource[k]! * stride]! * termCoefficient[k]!);
  for (k++; k < end; k++) {
    acc = Math.fround(acc + Math.fround(src[offset + termSource[k]! * stride]! * termCoefficient[k]!));
  }
  return acc;
}

function rowRun9(src: Float32Array, dst: Float32Array, offset: number, run: FilterRun, plan: FilterPlan) {
  const s = plan.termSource;
  const c = plan.termCoefficient;
  const t = run.terms;
  const s0 = s[t]!;
  const s1 = s[t + 1]!;
  const s2 = s[t + 2]!;
  const s3 = s[t + 3]!;
  const s4 = s[t + 4]!;
  const s5 = s[t + 5]!;
  const s6 = s[t + 6]!;
  const s7 = s[t + 7]!;
  const s8 = s[t + 8]!;
  const c0 = c[t]!;
  const c1 = c[t + 1]!;
  const c2 = c[t + 2]!;
  const c3 = c[t + 3]!;
  const c4 = c[t + 4]!;
  const c5 = c[t + 5]!;
  const c6 = c[t + 6]!;
  const c7 = c[t + 7]!;
  const c8 = c[t + 8]!;
  const { step, shift, count } = run;
  let d = offset + run.first;
  let p = offset;
  let i = 0;
  for (; i + 3 < count; i += 4, d += 4 * step, p += 4 * shift) {
    const p1 = p + shift;
    const p2 = p1 + shift;
    const p3 = p2 + shift;
    let a = Math.fround(src[p + s0]! * c0);
    let b = Math.fround(src[p1 + s0]! * c0);
    let g = Math.fround(src[p2 + s0]! * c0);
    let h = Math.fround(src[p3 + s0]! * c0);
    a = Math.fround(a + Math.fround(src[p + s1]! * c1));
    b = Math.fround(b + Math.fround(src[p1 + s1]! * c1));
    g = Math.fround(g + Math.fround(src[p2 + s1]! * c1));
    h = Math.fround(h + Math.fround(src[p3 + s1]! * c1));
    a = Math.fround(a + Math.fround(src[p + s2]! * c2));
    b = Math.fround(b + Math.fround(src[p1 + s2]! * c2));
    g = Math.fround(g + Math.fround(src[p2 + s2]! * c2));
    h = Math.fround(h + Math.fround(src[p3 + s2]! * c2));
    a = Math.fround(a + Math.fround(src[p + s3]! * c3));
    b = Math.fround(b + Math.fround(src[p1 + s3]! * c3));
    g = Math.fround(g + Math.fround(src[p2 + s3]! * c3));
    h = Math.fround(h + Math.fround(src[p3 + s3]! * c3));
    a = Math.fround(a + Math.fround(src[p + s4]! * c4));
    b = Math.fround(b + Math.fround(src[p1 + s4]! * c4));
    g = Math.fround(g + Math.fround(src[p2 + s4]! * c4));
    h = Math.fround(h + Math.fround(src[p3 + s4]! * c4));
    a = Math.fround(a + Math.fround(src[p + s5]! * c5));
    b = Math.fround(b + Math.fround(src[p1 + s5]! * c5));
    g = Math.fround(g + Math.fround(src[p2 + s5]! * c5));
    h = Math.fround(h + Math.fround(src[p3 + s5]! * c5));
    a = Math.fround(a + Math.fround(src[p + s6]! * c6));
    b = Math.fround(b + Math.fround(src[p1 + s6]! * c6));
    g = Math.fround(g + Math.fround(src[p2 + s6]! * c6));
    h = Math.fround(h + Math.fround(src[p3 + s6]! * c6));
    a = Math.fround(a + Math.fround(src[p + s7]! * c7));
    b = Math.fround(b + Math.fround(src[p1 + s7]! * c7));
    g = Math.fround(g + Math.fround(src[p2 + s7]! * c7));
    h = Math.fround(h + Math.fround(src[p3 + s7]! * c7));
    dst[d] = a + Math.fround(src[p + s8]! * c8);
    dst[d + step] = b + Math.fround(src[p1 + s8]! * c8);
    dst[d + 2 * step] = g + Math.fround(src[p2 + s8]! * c8);
    dst[d + 3 * step] = h + Math.fround(src[p3 + s8]! * c8);
  }
  for (; i < count; i++, d += step, p += shift) {
    let a = Math.fround(src[p + s0]! * c0);
    a = Math.fround(a + Math.fround(src[p + s1]! * c1));
    a = Math.fround(a + Math.fround(src[p + s2]! * c2));
    a = Math.fround(a + Math.fround(src[p + s3]! * c3));
    a = Math.fround(a + Math.fround(src[p + s4]! * c4));
    a = Math.fround(a + Math.fround(src[p + s5]! * c5));
    a = Math.fround(a + Math.fround(src[p + s6]! * c6));
    a = Math.fround(a + Math.fround(src[p + s7]! * c7));
    dst[d] = a + Math.fround(src[p + s8]! * c8);
  }
}

function rowRun7(src: Float32Array, dst: Float32Array, offset: number, run: FilterRun, plan: FilterPlan) {
  const s = plan.termSource;
  const c = plan.termCoefficient;
  const t = run.terms;
  const s0 = s[t]!;
  const s1 = s[t + 1]!;
  const s2 = s[t + 2]!;
  const s3 = s[t + 3]!;
  const s4 = s[t + 4]!;
  const s5 = s[t + 5]!;
  const s6 = s[t + 6]!;
  const c0 = c[t]!;
  const c1 = c[t + 1]!;
  const c2 = c[t + 2]!;
  const c3 = c[t + 3]!;
  const c4 = c[t + 4]!;
  const c5 = c[t + 5]!;
  const c6 = c[t + 6]!;
  const { step, shift, count } = run;
  let d = offset + run.first;
  let p = offset;
  let i = 0;
  for (; i + 3 < count; i += 4, d += 4 * step, p += 4 * shift) {
    const p1 = p + shift;
    const p2 = p1 + shift;
    const p3 = p2 + shift;
    let a = Math.fround(src[p + s0]! * c0);
    let b = Math.fround(src[p1 + s0]! * c0);
    let g = Math.fround(src[p2 + s0]! * c0);
    let h = Math.fround(src[p3 + s0]! * c0);
    a = Math.fround(a + Math.fround(src[p + s1]! * c1));
    b = Math.fround(b + Math.fround(src[p1 + s1]! * c1));
    g = Math.fround(g + Math.fround(src[p2 + s1]! * c1));
    h = Math.fround(h + Math.fround(src[p3 + s1]! * c1));
    a = Math.fround(a + Math.fround(src[p + s2]! * c2));
    b = Math.fround(b + Math.fround(src[p1 + s2]! * c2));
    g = Math.fround(g + Math.fround(src[p2 + s2]! * c2));
    h = Math.fround(h + Math.fround(src[p3 + s2]! * c2));
    a = Math.fround(a + Math.fround(src[p + s3]! * c3));
    b = Math.fround(b + Math.fround(src[p1 + s3]! * c3));
    g = Math.fround(g + Math.fround(src[p2 + s3]! * c3));
    h = Math.fround(h + Math.fround(src[p3 + s3]! * c3));
    a = Math.fround(a + Math.fround(src[p + s4]! * c4));
    b = Math.fround(b + Math.fround(src[p1 + s4]! * c4));
    g = Math.fround(g + Math.fround(src[p2 + s4]! * c4));
    h = Math.fround(h + Math.fround(src[p3 + s4]! * c4));
    a = Math.fround(a + Math.fround(src[p + s5]! * c5));
    b = Math.fround(b + Math.fround(src[p1 + s5]! * c5));
    g = Math.fround(g + Math.fround(src[p2 + s5]! * c5));
    h = Math.fround(h + Math.fround(src[p3 + s5]! * c5));
    dst[d] = a + Math.fround(src[p + s6]! * c6);
    dst[d + step] = b + Math.fround(src[p1 + s6]! * c6);
    dst[d + 2 * step] = g + Math.fround(src[p2 + s6]! * c6);
    dst[d + 3 * step] = h + Math.fround(src[p3 + s6]! * c6);
  }
  for (; i < count; i++, d += step, p += shift) {
    let a = Math.fround(src[p + s0]! * c0);
    a = Math.fround(a + Math.fround(src[p + s1]! * c1));
    a = Math.fround(a + Math.fround(src[p + s2]! * c2));
    a = Math.fround(a + Math.fround(src[p + s3]! * c3));
    a = Math.fround(a + Math.fround(src[p + s4]! * c4));
    a = Math.fround(a + Math.fround(src[p + s5]! * c5));
    dst[d] = a + Math.fround(src[p + s6]! * c6);
  }
}

function rowRun(src: Float32Array, dst: Float32Array, offset: number, run: FilterRun, plan: FilterPlan) {
  if (run.termCount === 9) return rowRun9(src, dst, offset, run, plan);
  if (run.termCount === 7) return rowRun7(src, dst, offset, run, plan);
  for (let i = 0; i < run.count; i++) {
    dst[offset + run.first + i * run.step] = chain(src, offset + i * run.shift, 1, plan, run.first);
  }
}

const withoutHighBand = new WeakMap<FilterPlan, FilterPlan>();

/**
 * Filters `lines` rows of a region starting at `base` (each plan.length samples) from src into dst.
 * With `skipZeroHighBand`, a synthesis line whose high-pass half is all zero uses the plan without
 * those terms (exact, as for zero rows in filterColumns).
 */
function filterRows(
  src: Float32Array,
  dst: Float32Array,
  base: number,
  lines: number,
  width: number,
  plan: FilterPlan,
  skipZeroHighBand: boolean,
) {
  const band = skipZeroHighBand ? plan.highBand : undefined;
  let sparsePlan: FilterPlan | undefined;
  if (band) {
    sparsePlan = withoutHighBand.get(plan);
    if (!sparsePlan) {
      sparsePlan = withoutSources(plan, band.start, band.end);
      withoutHighBand.set(plan, sparsePlan);
    }
  }
  for (let line = 0; line < lines; line++) {
    const offset = base + line * width;
    let use = plan;
    if (band && sparsePlan) {
      let i = offset + band.start;
      const end = offset + band.end;
      while (i < end && src[i] === 0) i++;
      if (i === end) use = sparsePlan;
    }
    for (const run of use.runs) rowRun(src, dst, offset, run, use);
    const singles = use.singles;
    for (let i = 0; i < singles.length; i++) {
      const out = singles[i]!;
      dst[offset + out] = chain(src, offset, 1, use, out);
    }
  }
}

function columnChain9(
  src: Float32Array,
  dst: Float32Array,
  d: number,
  base: number,
  lines: number,
  width: number,
  plan: FilterPlan,
  t: number,
) {
  const s = plan.termSource;
  const c = plan.termCoefficient;
  const r0 = base + s[t]! * width;
  const r1 = base + s[t + 1]! * width;
  const r2 = base + s[t + 2]! * width;
  const r3 = base + s[t + 3]! * width;
  const r4 = base + s[t + 4]! * width;
  const r5 = base + s[t + 5]! * width;
  const r6 = base + s[t + 6]! * width;
  const r7 = base + s[t + 7]! * width;
  const r8 = base + s[t + 8]! * width;
  const c0 = c[t]!;
  const c1 = c[t + 1]!;
  const c2 = c[t + 2]!;
  const c3 = c[t + 3]!;
  const c4 = c[t + 4]!;
  const c5 = c[t + 5]!;
  const c6 = c[t + 6]!;
  const c7 = c[t + 7]!;
  const c8 = c[t + 8]!;
  let col = 0;
  for (; col + 3 < lines; col += 4) {
    let a = Math.fround(src[r0 + col]! * c0);
    let b = Math.fround(src[r0 + col + 1]! * c0);
    let g = Math.fround(src[r0 + col + 2]! * c0);
    let h = Math.fround(src[r0 + col + 3]! * c0);
    a = Math.fround(a + Math.fround(src[r1 + col]! * c1));
    b = Math.fround(b + Math.fround(src[r1 + col + 1]! * c1));
    g = Math.fround(g + Math.fround(src[r1 + col + 2]! * c1));
    h = Math.fround(h + Math.fround(src[r1 + col + 3]! * c1));
    a = Math.fround(a + Math.fround(src[r2 + col]! * c2));
    b = Math.fround(b + Math.fround(src[r2 + col + 1]! * c2));
    g = Math.fround(g + Math.fround(src[r2 + col + 2]! * c2));
    h = Math.fround(h + Math.fround(src[r2 + col + 3]! * c2));
    a = Math.fround(a + Math.fround(src[r3 + col]! * c3));
    b = Math.fround(b + Math.fround(src[r3 + col + 1]! * c3));
    g = Math.fround(g + Math.fround(src[r3 + col + 2]! * c3));
    h = Math.fround(h + Math.fround(src[r3 + col + 3]! * c3));
    a = Math.fround(a + Math.fround(src[r4 + col]! * c4));
    b = Math.fround(b + Math.fround(src[r4 + col + 1]! * c4));
    g = Math.fround(g + Math.fround(src[r4 + col + 2]! * c4));
    h = Math.fround(h + Math.fround(src[r4 + col + 3]! * c4));
    a = Math.fround(a + Math.fround(src[r5 + col]! * c5));
    b = Math.fround(b + Math.fround(src[r5 + col + 1]! * c5));
    g = Math.fround(g + Math.fround(src[r5 + col + 2]! * c5));
    h = Math.fround(h + Math.fround(src[r5 + col + 3]! * c5));
    a = Math.fround(a + Math.fround(src[r6 + col]! * c6));
    b = Math.fround(b + Math.fround(src[r6 + col + 1]! * c6));
    g = Math.fround(g + Math.fround(src[r6 + col + 2]! * c6));
    h = Math.fround(h + Math.fround(src[r6 + col + 3]! * c6));
    a = Math.fround(a + Math.fround(src[r7 + col]! * c7));
    b = Math.fround(b + Math.fround(src[r7 + col + 1]! * c7));
    g = Math.fround(g + Math.fround(src[r7 + col + 2]! * c7));
    h = Math.fround(h + Math.fround(src[r7 + col + 3]! * c7));
    dst[d + col] = a + Math.fround(src[r8 + col]! * c8);
    dst[d + col + 1] = b + Math.fround(src[r8 + col + 1]! * c8);
    dst[d + col + 2] = g + Math.fround(src[r8 + col + 2]! * c8);
    dst[d + col + 3] = h + Math.fround(src[r8 + col + 3]! * c8);
  }
  for (; col < lines; col++) {
    let a = Math.fround(src[r0 + col]! * c0);
    a = Math.fround(a + Math.fround(src[r1 + col]! * c1));
    a = Math.fround(a + Math.fround(src[r2 + col]! * c2));
    a = Math.fround(a + Math.fround(src[r3 + col]! * c3));
    a = Math.fround(a + Math.fround(src[r4 + col]! * c4));
    a = Math.fround(a + Math.fround(src[r5 + col]! * c5));
    a = Math.fround(a + Math.fround(src[r6 + col]! * c6));
    a = Math.fround(a + Math.fround(src[r7 + col]! * c7));
    dst[d + col] = a + Math.fround(src[r8 + col]! * c8);
  }
}

function columnChain7(
  src: Float32Array,
  dst: Float32Array,
  d: number,
  base: number,
  lines: number,
  width: number,
  plan: FilterPlan,
  t: number,
) {
  const s = plan.termSource;
  const c = plan.termCoefficient;
  const r0 = base + s[t]! * width;
  const r1 = base + s[t + 1]! * width;
  const r2 = base + s[t + 2]! * width;
  const r3 = base + s[t + 3]! * width;
  const r4 = base + s[t + 4]! * width;
  const r5 = base + s[t + 5]! * width;
  const r6 = base + s[t + 6]! * width;
  const c0 = c[t]!;
  const c1 = c[t + 1]!;
  const c2 = c[t + 2]!;
  const c3 = c[t + 3]!;
  const c4 = c[t + 4]!;
  const c5 = c[t + 5]!;
  const c6 = c[t + 6]!;
  let col = 0;
  for (; col + 3 < lines; col += 4) {
    let a = Math.fround(src[r0 + col]! * c0);
    let b = Math.fround(src[r0 + col + 1]! * c0);
    let g = Math.fround(src[r0 + col + 2]! * c0);
    let h = Math.fround(src[r0 + col + 3]! * c0);
    a = Math.fround(a + Math.fround(src[r1 + col]! * c1));
    b = Math.fround(b + Math.fround(src[r1 + col + 1]! * c1));
    g = Math.fround(g + Math.fround(src[r1 + col + 2]! * c1));
    h = Math.fround(h + Math.fround(src[r1 + col + 3]! * c1));
    a = Math.fround(a + Math.fround(src[r2 + col]! * c2));
    b = Math.fround(b + Math.fround(src[r2 + col + 1]! * c2));
    g = Math.fround(g + Math.fround(src[r2 + col + 2]! * c2));
    h = Math.fround(h + Math.fround(src[r2 + col + 3]! * c2));
    a = Math.fround(a + Math.fround(src[r3 + col]! * c3));
    b = Math.fround(b + Math.fround(src[r3 + col + 1]! * c3));
    g = Math.fround(g + Math.fround(src[r3 + col + 2]! * c3));
    h = Math.fround(h + Math.fround(src[r3 + col + 3]! * c3));
    a = Math.fround(a + Math.fround(src[r4 + col]! * c4));
    b = Math.fround(b + Math.fround(src[r4 + col + 1]! * c4));
    g = Math.fround(g + Math.fround(src[r4 + col + 2]! * c4));
    h = Math.fround(h + Math.fround(src[r4 + col + 3]! * c4));
    a = Math.fround(a + Math.fround(src[r5 + col]! * c5));
    b = Math.fround(b + Math.fround(src[r5 + col + 1]! * c5));
    g = Math.fround(g + Math.fround(src[r5 + col + 2]! * c5));
    h = Math.fround(h + Math.fround(src[r5 + col + 3]! * c5));
    dst[d + col] = a + Math.fround(src[r6 + col]! * c6);
    dst[d + col + 1] = b + Math.fround(src[r6 + col + 1]! * c6);
    dst[d + col + 2] = g + Math.fround(src[r6 + col + 2]! * c6);
    dst[d + col + 3] = h + Math.fround(src[r6 + col + 3]! * c6);
  }
  for (; col < lines; col++) {
    let a = Math.fround(src[r0 + col]! * c0);
    a = Math.fround(a + Math.fround(src[r1 + col]! * c1));
    a = Math.fround(a + Math.fround(src[r2 + col]! * c2));
    a = Math.fround(a + Math.fround(src[r3 + col]! * c3));
    a = Math.fround(a + Math.fround(src[r4 + col]! * c4));
    a = Math.fround(a + Math.fround(src[r5 + col]! * c5));
    dst[d + col] = a + Math.fround(src[r6 + col]! * c6);
  }
}

/** Marks the source rows of a region that are entirely zero (common in coarsely quantised subbands). */
function zeroRows(src: Float32Array, base: number, rows: number, lines: number, width: number): Uint8Array {
  const zero = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const start = base + r * width;
    let col = 0;
    while (col < lines && src[start + col] === 0) col++;
    zero[r] = col === lines ? 1 : 0;
  }
  return zero;
}

/**
 * An output row from only its non-zero source rows. Dropping a zero term is exact: adding f(0 * c)
 * leaves a float accumulator unchanged (at most the sign of a zero result differs, which no later step
 * can turn into a different pixel).
 */
function sparseColumn(
  src: Float32Array,
  dst: Float32Array,
  d: number,
  base: number,
  lines: number,
  width: number,
  plan: FilterPlan,
  out: number,
  zero: Uint8Array,
) {
  const { termStart, termSource, termCoefficient } = plan;
  let first = true;
  for (let k = termStart[out]!; k < termStart[out + 1]!; k++) {
    const row = termSource[k]!;
    if (zero[row]) continue;
    const r = base + row * width;
    const c = termCoefficient[k]!;
    if (first) {
      for (let col = 0; col < lines; col++) dst[d + col] = src[r + col]! * c;
      first = false;
    } else {
      for (let col = 0; col < lines; col++) dst[d + col] = dst[d + col]! + Math.fround(src[r + col]! * c);
    }
  }
  if (first) dst.fill(0, d, d + lines);
}

/**
 * Filters `lines` columns of a region (each plan.length samples): one output row at a time, all its
 * columns in one pass over the source rows, so memory is walked row by row. With `skipZeroRows`,
 * outputs that draw on all-zero source rows leave those terms out.
 */
function filterColumns(
  src: Float32Array,
  dst: Float32Array,
  base: number,
  lines: number,
  width: number,
  plan: FilterPlan,
  skipZeroRows: boolean,
) {
  const { length, termStart, termSource } = plan;
  const zero = skipZeroRows ? zeroRows(src, base, length, lines, width) : undefined;
  for (let out = 0; out < length; out++) {
    const d = base + out * width;
    const t = termStart[out]!;
    const n = termStart[out + 1]! - t;
    if (zero) {
      let sparse = false;
      for (let k = t; k < t + n; k++) if (zero[termSource[k]!]) sparse = true;
      if (sparse) {
        sparseColumn(src, dst, d, base, lines, width, plan, out, zero);
        continue;
      }
    }
    if (n === 9) columnChain9(src, dst, d, base, lines, width, plan, t);
    else if (n === 7) columnChain7(src, dst, d, base, lines, width, plan, t);
    else for (let col = 0; col < lines; col++) dst[d + col] = chain(src, base + col, width, plan, out);
  }
}

/** Forward transform in place: the 20 splits of the WSQ tree, rows then columns at each node. */
export function decompose(
  data: Float32Array,
  width: number,
  nodes: readonly WaveletNode[],
  lo: Float32Array,
  hi: Float32Array,
): void {
  const scratch = new Float32Array(data.length);
  const plan = planCache(planSplit, lo, hi);
  for (const node of nodes) {
    const base = node.y * width + node.x;
    filterRows(data, scratch, base, node.height, width, plan(node.width, node.invertRows), false);
    filterColumns(scratch, data, base, node.width, width, plan(node.height, node.invertColumns), false);
  }
}

/** The synthesis plans of a transform table's filters, by line length and orientation (memoised). */
export function joinPlans(
  lo: Float32Array,
  hi: Float32Array,
): (length: number, invert: boolean) => FilterPlan {
  return planCache(planJoin, lo, hi);
}

/**
 * Inverse transform in place: the splits undone from the last node back to the first, columns then rows.
 * wsq-wavelet-wasm.ts computes the same bits in WebAssembly; this is the portable path.
 */
export function reconstruct(
  data: Float32Array,
  width: number,
  nodes: readonly WaveletNode[],
  lo: Float32Array,
  hi: Float32Array,
): void {
  const scratch = new Float32Array(data.length);
  const plan = planCache(planJoin, lo, hi);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    const base = node.y * width + node.x;
    filterColumns(data, scratch, base, node.width, width, plan(node.height, node.invertColumns), true);
    filterRows(scratch, data, base, node.height, width, plan(node.width, node.invertRows), true);
  }
}
