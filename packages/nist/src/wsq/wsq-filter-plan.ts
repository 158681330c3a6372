/**
 * A filter plan lists, for every output sample of one line (row or column) of a wavelet split or join,
 * the input samples and coefficients that are summed into it, in the exact order NBIS sums them
 * (the symmetric-extension walk of its get_lets and join_lets). Plans are computed once per line
 * length and reused for every line, so the per-pixel work is a flat multiply-accumulate and the
 * single-precision rounding sequence matches NBIS bit for bit.
 */
export interface FilterPlan {
  readonly length: number;
  /** Terms of output i are termStart[i] .. termStart[i + 1] - 1. */
  readonly termStart: Int32Array;
  readonly termSource: Int32Array;
  readonly termCoefficient: Float64Array;
  /** Interior stretches where every output repeats one pattern, shifted (see FilterRun). */
  readonly runs: readonly FilterRun[];
  /** Outputs not covered by a run. */
  readonly singles: Int32Array;
  /** Synthesis plans: where the high-pass half of the input line lies (always present: one object shape). */
  readonly highBand: { readonly start: number; readonly end: number } | undefined;
}

/**
 * Outputs first, first + step, ... (count of them) whose terms are those of `first` with every source
 * moved by `shift` per output: the bulk of a line away from its ends. `terms` indexes the term arrays
 * of output `first`.
 */
export interface FilterRun {
  readonly first: number;
  readonly step: number;
  readonly count: number;
  readonly shift: number;
  readonly terms: number;
  readonly termCount: number;
}

const MIN_RUN = 3;

/** Greedily groups outputs into runs (step 1 for analysis halves, step 2 for interleaved synthesis). */
function findRuns(
  termStart: Int32Array,
  termSource: Int32Array,
  termCoefficient: Float64Array,
  length: number,
) {
  const covered = new Uint8Array(length);
  const runs: FilterRun[] = [];
  const sameShape = (a: number, b: number, shift: number): boolean => {
    const n = termStart[a + 1]! - termStart[a]!;
    if (termStart[b + 1]! - termStart[b]! !== n) return false;
    const ta = termStart[a]!;
    const tb = termStart[b]!;
    for (let t = 0; t < n; t++) {
      if (termSource[tb + t] !== termSource[ta + t]! + shift) return false;
      if (termCoefficient[tb + t] !== termCoefficient[ta + t]) return false;
    }
    return true;
  };
  for (let first = 0; first < length; first++) {
    if (covered[first] || termStart[first + 1] === termStart[first]) continue;
    let best: FilterRun | undefined;
    for (const step of [1, 2]) {
      const next = first + step;
      if (next >= length || covered[next]) continue;
      const shift = termSource[termStart[next]!]! - termSource[termStart[first]!]!;
      let count = 1;
      while (first + count * step < length && !covered[first + count * step]) {
        if (!sameShape(first, first + count * step, shift * count)) break;
        count++;
      }
      if (count >= MIN_RUN && (!best || count > best.count)) {
        best = {
          first,
          step,
          count,
          shift,
          terms: termStart[first]!,
          termCount: termStart[first + 1]! - termStart[first]!,
        };
      }
    }
    if (best) for (let i = 0; i < best.count; i++) covered[best.first + i * best.step] = 1;
    if (best) runs.push(best);
  }
  const singles: number[] = [];
  for (let i = 0; i < length; i++) if (!covered[i]) singles.push(i);
  return { runs, singles: Int32Array.from(singles) };
}

/** Thrown while planning when a line is too short for the filter; callers turn it into a WsqError. */
export class FilterPlanError extends Error {}

/** Collects each output's terms; an assignment discards earlier terms, as a C store would. */
class PlanBuilder {
  private readonly sources: Int32Array;
  private readonly coefficients: Float64Array;
  private readonly counts: Int32Array;
  private readonly assigned: Uint8Array;

  constructor(
    private readonly length: number,
    private readonly maxTerms: number,
  ) {
    this.sources = new Int32Array(length * maxTerms);
    this.coefficients = new Float64Array(length * maxTerms);
    this.counts = new Int32Array(length);
    this.assigned = new Uint8Array(length);
  }

  assign(out: number, source: number, coefficient: number): void {
    this.check(out, source);
    this.counts[out] = 0;
    this.push(out, source, coefficient);
  }

  add(out: number, source: number, coefficient: number): void {
    this.check(out, source);
    this.push(out, source, coefficient);
  }

  private push(out: number, source: number, coefficient: number): void {
    const n = this.counts[out]!;
    if (n >= this.maxTerms)
      throw new FilterPlanError(`output ${out} collects more than ${this.maxTerms} terms`);
    this.sources[out * this.maxTerms + n] = source;
    this.coefficients[out * this.maxTerms + n] = coefficient;
    this.counts[out] = n + 1;
    this.assigned[out] = 1;
  }

  private check(out: number, source: number): void {
    if (out < 0 || out >= this.length || source < 0 || source >= this.length) {
      throw new FilterPlanError(`a line of ${this.length} samples is too short for the filter bank`);
    }
  }

  build(highBand?: { start: number; end: number }): FilterPlan {
    const termStart = new Int32Array(this.length + 1);
    let count = 0;
    for (let i = 0; i < this.length; i++) {
      if (!this.assigned[i]) {
        throw new FilterPlanError(`sample ${i} of a ${this.length}-sample line is never computed`);
      }
      termStart[i] = count;
      count += this.counts[i]!;
    }
    termStart[this.length] = count;
    const termSource = new Int32Array(count);
    const termCoefficient = new Float64Array(count);
    for (let i = 0; i < this.length; i++) {
      const from = i * this.maxTerms;
      const n = this.counts[i]!;
      termSource.set(this.sources.subarray(from, from + n), termStart[i]!);
      termCoefficient.set(this.coefficients.subarray(from, from + n), termStart[i]!);
    }
    const { runs, singles } = findRuns(termStart, termSource, termCoefficient, this.length);
    return { length: this.length, termStart, termSource, termCoefficient, runs, singles, highBand };
  }
}

/**
 * The plan with every term reading [start, end) removed: for lines whose samples there are all zero,
 * where those terms add nothing (see wsq-wavelet.ts). An output left without terms is zero.
 */
export function withoutSources(plan: FilterPlan, start: number, end: number): FilterPlan {
  const termStart = new Int32Array(plan.length + 1);
  const sources: number[] = [];
  const coefficients: number[] = [];
  for (let out = 0; out < plan.length; out++) {
    termStart[out] = sources.length;
    for (let k = plan.termStart[out]!; k < plan.termStart[out + 1]!; k++) {
      const source = plan.termSource[k]!;
      if (source >= start && source < end) continue;
      sources.push(source);
      coefficients.push(plan.termCoefficient[k]!);
    }
  }
  termStart[plan.length] = sources.length;
  const termSource = Int32Array.from(sources);
  const termCoefficient = Float64Array.from(coefficients);
  const { runs, singles } = findRuns(termStart, termSource, termCoefficient, plan.length);
  return { length: plan.length, termStart, termSource, termCoefficient, runs, singles, highBand: undefined };
}

function splitLengths(length: number): { lowLength: number; highLength: number } {
  if (length % 2 === 1) {
    const lowLength = (length + 1) / 2;
    return { lowLength, highLength: lowLength - 1 };
  }
  return { lowLength: length / 2, highLength: length / 2 };
}

/** Analysis: one line of `length` samples into low-pass then high-pass halves (swapped when inverted). */
export function planSplit(length: number, lo: Float32Array, hiIn: Float32Array, invert: boolean): FilterPlan {
  const lsz = lo.length;
  const hsz = hiIn.length;
  const hi = Array.from(hiIn);
  const oddFilters = lsz % 2 === 1;
  let loc: number;
  let hoc: number;
  let olle: number;
  let ohle: number;
  let olre: number;
  let ohre: number;
  if (oddFilters) {
    loc = (lsz - 1) >> 1;
    hoc = ((hsz - 1) >> 1) - 1;
    olle = 0;
    ohle = 0;
    olre = 0;
    ohre = 0;
  } else {
    loc = (lsz >> 1) - 2;
    hoc = (hsz >> 1) - 2;
    olle = 1;
    ohle = 1;
    olre = 1;
    ohre = 1;
    if (loc === -1) {
      loc = 0;
      olle = 0;
    }
    if (hoc === -1) {
      hoc = 0;
      ohle = 0;
    }
    for (let i = 0; i < hsz; i++) hi[i] = -hi[i]!;
  }
  const { lowLength, highLength } = splitLengths(length);
  const plan = new PlanBuilder(length, lsz + hsz + 2);
  let lopass = invert ? highLength : 0;
  let hipass = invert ? 0 : lowLength;
  const p0 = 0;
  const p1 = length - 1;
  let lspx = loc;
  let lspxstr = -1;
  let lle2 = olle;
  const lre2 = olre;
  let hspx = hoc;
  let hspxstr = -1;
  let hle2 = ohle;
  const hre2 = ohre;

  const lowOutput = (out: number) => {
    let lpxstr = lspxstr;
    let lpx = lspx;
    let lle = lle2;
    let lre = lre2;
    plan.assign(out, lpx, lo[0]!);
    for (let i = 1; i < lsz; i++) {
      if (lpx === p0) {
        if (lle) {
          lpxstr = 0;
          lle = 0;
        } else lpxstr = 1;
      }
      if (lpx === p1) {
        if (lre) {
          lpxstr = 0;
          lre = 0;
        } else lpxstr = -1;
      }
      lpx += lpxstr;
      plan.add(out, lpx, lo[i]!);
    }
  };

  for (let pix = 0; pix < highLength; pix++) {
    lowOutput(lopass++);
    let hpxstr = hspxstr;
    let hpx = hspx;
    let hle = hle2;
    let hre = hre2;
    plan.assign(hipass, hpx, hi[0]!);
    for (let i = 1; i < hsz; i++) {
      if (hpx === p0) {
        if (hle) {
          hpxstr = 0;
          hle = 0;
        } else hpxstr = 1;
      }
      if (hpx === p1) {
        if (hre) {
          hpxstr = 0;
          hre = 0;
        } else hpxstr = -1;
      }
      hpx += hpxstr;
      plan.add(hipass, hpx, hi[i]!);
    }
    hipass++;
    for (let i = 0; i < 2; i++) {
      if (lspx === p0) {
        if (lle2) {
          lspxstr = 0;
          lle2 = 0;
        } else lspxstr = 1;
      }
      lspx += lspxstr;
      if (hspx === p0) {
        if (hle2) {
          hspxstr = 0;
          hle2 = 0;
        } else hspxstr = 1;
      }
      hspx += hspxstr;
    }
  }
  if (length % 2 === 1) lowOutput(lopass);
  return plan.build();
}

/** Synthesis: the inverse of planSplit, interleaving the two halves back into one line. */
export function planJoin(length: number, lo: Float32Array, hiIn: Float32Array, invert: boolean): FilterPlan {
  const lsz = lo.length;
  const hsz = hiIn.length;
  const hi = Array.from(hiIn);
  const oddLength = length % 2 === 1;
  const oddFilters = lsz % 2 === 1;
  const { lowLength, highLength } = splitLengths(length);
  let asym: boolean;
  let ssfac: number;
  let ofhre: number;
  let loc: number;
  let hoc: number;
  let lotap: number;
  let hotap: number;
  let olle: number;
  let olre: number;
  let ohle: number;
  let ohre: number;
  if (oddFilters) {
    asym = false;
    ssfac = 1;
    ofhre = 0;
    loc = Math.trunc((lsz - 1) / 4);
    hoc = Math.trunc((hsz + 1) / 4) - 1;
    lotap = ((lsz - 1) >> 1) % 2;
    hotap = ((hsz + 1) >> 1) % 2;
    olle = 0;
    ohle = 1;
    if (oddLength) {
      olre = 0;
      ohre = 1;
    } else {
      olre = 1;
      ohre = 0;
    }
  } else {
    asym = true;
    ssfac = -1;
    ofhre = 2;
    loc = Math.trunc(lsz / 4) - 1;
    hoc = Math.trunc(hsz / 4) - 1;
    lotap = (lsz >> 1) % 2;
    hotap = (hsz >> 1) % 2;
    olle = 1;
    ohle = 1;
    ohre = 1;
    olre = oddLength ? 0 : 1;
    if (loc === -1) {
      loc = 0;
      olle = 0;
    }
    if (hoc === -1) {
      hoc = 0;
      ohle = 0;
    }
    for (let i = 0; i < hsz; i++) hi[i] = -hi[i]!;
  }

  const plan = new PlanBuilder(length, lsz + hsz + 2);
  const zeroed = Math.min(2, length);
  for (let i = 0; i < zeroed; i++) plan.assign(i, 0, 0);
  let limg = 0;
  let himg = 0;
  const lopassStart = invert ? highLength : 0;
  const hipassStart = invert ? 0 : lowLength;
  const lp0 = lopassStart;
  const lp1 = lp0 + lowLength - 1;
  let lspx = lp0 + loc;
  let lspxstr = -1;
  let lstap = lotap;
  let lle2 = olle;
  const lre2 = olre;
  const hp0 = hipassStart;
  const hp1 = hp0 + highLength - 1;
  let hspx = hp0 + hoc;
  let hspxstr = -1;
  let hstap = hotap;
  let hle2 = ohle;
  const hre2 = ohre;
  let osfac = ssfac;
  let fhre = 0;

  const lowTap = (tap: number) => {
    let lle = lle2;
    let lre = lre2;
    let lpx = lspx;
    let lpxstr = lspxstr;
    plan.assign(limg, lpx, lo[tap]!);
    for (let i = tap + 2; i < lsz; i += 2) {
      if (lpx === lp0) {
        if (lle) {
          lpxstr = 0;
          lle = 0;
        } else lpxstr = 1;
      }
      if (lpx === lp1) {
        if (lre) {
          lpxstr = 0;
          lre = 0;
        } else lpxstr = -1;
      }
      lpx += lpxstr;
      plan.add(limg, lpx, lo[i]!);
    }
    limg++;
  };

  const highTap = (tap: number, resetFhre: boolean) => {
    let hle = hle2;
    let hre = hre2;
    let hpx = hspx;
    let hpxstr = hspxstr;
    let sfac = osfac;
    if (resetFhre) fhre = ofhre;
    for (let i = tap; i < hsz; i += 2) {
      if (hpx === hp0) {
        if (hle) {
          hpxstr = 0;
          hle = 0;
        } else {
          hpxstr = 1;
          sfac = 1;
        }
      }
      if (hpx === hp1) {
        if (hre) {
          hpxstr = 0;
          hre = 0;
          if (asym && oddLength) {
            hre = 1;
            fhre--;
            sfac = fhre;
            if (sfac === 0) hre = 0;
          }
        } else {
          hpxstr = -1;
          if (asym) sfac = -1;
        }
      }
      plan.add(himg, hpx, hi[i]! * sfac);
      hpx += hpxstr;
    }
    himg++;
  };

  for (let pix = 0; pix < highLength; pix++) {
    for (let tap = lstap; tap >= 0; tap--) lowTap(tap);
    if (lspx === lp0) {
      if (lle2) {
        lspxstr = 0;
        lle2 = 0;
      } else lspxstr = 1;
    }
    lspx += lspxstr;
    lstap = 1;
    for (let tap = hstap; tap >= 0; tap--) highTap(tap, true);
    if (hspx === hp0) {
      if (hle2) {
        hspxstr = 0;
        hle2 = 0;
      } else {
        hspxstr = 1;
        osfac = 1;
      }
    }
    hspx += hspxstr;
    hstap = 1;
  }
  lstap = oddLength ? (lotap ? 1 : 0) : lotap ? 2 : 1;
  for (let tap = 1; tap >= lstap; tap--) lowTap(tap);
  if (oddLength) {
    hstap = hotap ? 1 : 0;
    if (hsz === 2) {
      hspx -= hspxstr;
      fhre = 1;
    }
  } else hstap = hotap ? 2 : 1;
  for (let tap = 1; tap >= hstap; tap--) highTap(tap, hsz !== 2);
  return plan.build({ start: hipassStart, end: hipassStart + highLength });
}
