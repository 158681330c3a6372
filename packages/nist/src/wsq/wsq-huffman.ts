import { WSQ_LIMITS } from "./wsq-parameters.js";

const MAX_BITS = WSQ_LIMITS.maxCodeLength;

/** A Huffman table as it is stored: code counts per length 1..16 and the symbols in code order. */
export interface HuffmanSpec {
  readonly counts: Uint8Array;
  readonly values: Uint8Array;
}

/** Canonical decoding limits per code length (index 1..16), as in JPEG Annex F.2.2.3. */
export interface HuffmanDecoder {
  readonly maxCode: Int32Array;
  readonly minCode: Int32Array;
  readonly valuePointer: Int32Array;
  readonly lengthCount: Uint8Array;
  readonly values: Uint8Array;
}

/** Per-symbol code and length for the encoder (length 0 = symbol absent). */
export interface HuffmanEncoder {
  readonly code: Uint16Array;
  readonly length: Uint8Array;
}

/**
 * Assigns canonical codes to the lengths of a table. Returns undefined when the counts cannot form a
 * prefix code (more codes of some length than the code space allows).
 */
function canonicalCodes(counts: Uint8Array): { codes: Uint16Array; lengths: Uint8Array } | undefined {
  let total = 0;
  for (let i = 0; i < MAX_BITS; i++) total += counts[i]!;
  const codes = new Uint16Array(total);
  const lengths = new Uint8Array(total);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= MAX_BITS; length++) {
    const n = counts[length - 1]!;
    for (let j = 0; j < n; j++) {
      if (code >= 1 << length) return undefined;
      codes[k] = code;
      lengths[k] = length;
      code++;
      k++;
    }
    code <<= 1;
  }
  return { codes, lengths };
}

/** Builds decoding limits; returns a reason string when the table is not a valid prefix code. */
export function huffmanDecoder(spec: HuffmanSpec): HuffmanDecoder | string {
  const canonical = canonicalCodes(spec.counts);
  if (!canonical) return "code counts over-subscribe the code space";
  const maxCode = new Int32Array(MAX_BITS + 2);
  const minCode = new Int32Array(MAX_BITS + 2);
  const valuePointer = new Int32Array(MAX_BITS + 2);
  const lengthCount = new Uint8Array(MAX_BITS + 2);
  let k = 0;
  for (let length = 1; length <= MAX_BITS; length++) {
    const n = spec.counts[length - 1]!;
    lengthCount[length] = n;
    if (n === 0) {
      maxCode[length] = -1;
      continue;
    }
    valuePointer[length] = k;
    minCode[length] = canonical.codes[k]!;
    k += n;
    maxCode[length] = canonical.codes[k - 1]!;
  }
  maxCode[MAX_BITS + 1] = 0x7fffffff;
  return { maxCode, minCode, valuePointer, lengthCount, values: spec.values };
}

/**
 * Optimal code lengths for symbol frequencies (JPEG Annex K.2, the procedure NBIS follows), limited
 * to 16 bits. A reserved symbol with frequency 1 takes the all-ones code, which WSQ forbids, and is
 * then dropped. `frequencies` has one entry per symbol (256); it is not modified.
 */
export function buildHuffmanTable(frequencies: Int32Array): { spec: HuffmanSpec; encoder: HuffmanEncoder } {
  const symbols = frequencies.length;
  const freq = new Int32Array(symbols + 1);
  freq.set(frequencies);
  freq[symbols] = 1;
  const codeSize = new Int32Array(symbols + 1);
  const others = new Int32Array(symbols + 1).fill(-1);
  for (;;) {
    const [v1, v2] = twoLeastFrequent(freq);
    if (v2 === -1) break;
    let a = v1;
    let b = v2;
    freq[a] = freq[a]! + freq[b]!;
    freq[b] = 0;
    codeSize[a] = codeSize[a]! + 1;
    while (others[a] !== -1) {
      a = others[a]!;
      codeSize[a] = codeSize[a]! + 1;
    }
    others[a] = b;
    codeSize[b] = codeSize[b]! + 1;
    while (others[b] !== -1) {
      b = others[b]!;
      codeSize[b] = codeSize[b]! + 1;
    }
  }
  const bits = new Int32Array(2 * MAX_BITS + 2);
  let longest = 0;
  for (let i = 0; i <= symbols; i++) {
    const size = codeSize[i]!;
    if (size > 0) {
      bits[size] = bits[size]! + 1;
      if (size > longest) longest = size;
    }
  }
  for (let i = longest; i > MAX_BITS; i--) {
    while (bits[i]! > 0) {
      let j = i - 2;
      while (bits[j] === 0) j--;
      bits[i] = bits[i]! - 2;
      bits[i - 1] = bits[i - 1]! + 1;
      bits[j + 1] = bits[j + 1]! + 2;
      bits[j] = bits[j]! - 1;
    }
  }
  let last = Math.min(longest, MAX_BITS);
  while (last > 0 && bits[last] === 0) last--;
  if (last > 0) bits[last] = bits[last]! - 1;

  const counts = new Uint8Array(MAX_BITS);
  for (let i = 1; i <= MAX_BITS; i++) counts[i - 1] = bits[i]!;
  const ordered: number[] = [];
  for (let size = 1; size <= 2 * MAX_BITS; size++) {
    for (let s = 0; s < symbols; s++) if (codeSize[s] === size) ordered.push(s);
  }
  const valueCount = counts.reduce((sum, n) => sum + n, 0);
  const values = Uint8Array.from(ordered.slice(0, valueCount));
  const canonical = canonicalCodes(counts)!;
  const code = new Uint16Array(symbols);
  const length = new Uint8Array(symbols);
  for (let k = 0; k < valueCount; k++) {
    code[values[k]!] = canonical.codes[k]!;
    length[values[k]!] = canonical.lengths[k]!;
  }
  return { spec: { counts, values }, encoder: { code, length } };
}

/**
 * The two smallest non-zero frequencies; among equal frequencies the higher symbol index wins
 * (the tie rule of NBIS find_least_freq, which keeps the resulting tables identical to cwsq's).
 */
function twoLeastFrequent(freq: Int32Array): [number, number] {
  let value1 = -1;
  let value2 = -1;
  let code1 = 0;
  let code2 = 0;
  let seen = 0;
  for (let i = 0; i < freq.length; i++) {
    const f = freq[i]!;
    if (f === 0) continue;
    if (seen === 0) {
      code1 = f;
      value1 = i;
      seen = 1;
      continue;
    }
    if (seen === 1) {
      code2 = f;
      value2 = i;
      seen = 2;
    }
    if (code1 < f && code2 < f) continue;
    if (f < code1 || (f === code1 && i > value1)) {
      code2 = code1;
      value2 = value1;
      code1 = f;
      value1 = i;
      continue;
    }
    if (f < code2 || (f === code2 && i > value2)) {
      code2 = f;
      value2 = i;
    }
  }
  return [value1, value2];
}
