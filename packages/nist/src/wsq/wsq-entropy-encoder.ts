import type { WsqByteWriter } from "./wsq-byte-writer.js";
import type { HuffmanEncoder } from "./wsq-huffman.js";
import { COEFFICIENT_SYMBOL_OFFSET, MAX_COEFFICIENT, MAX_ZERO_RUN, SYMBOL } from "./wsq-parameters.js";

const LONGEST_RUN = 0xffff;

/**
 * Walks quantiser indices as WSQ categories: zero runs (1..100 direct, longer via 8/16-bit escapes)
 * and coefficients (-73..74 direct, larger via 8/16-bit escapes). `emit(symbol, extra, extraBits)`
 * receives each category and its escape payload (extraBits 0 when none).
 */
function walkSymbols(
  indices: Int16Array,
  start: number,
  end: number,
  emit: (symbol: number, extra: number, extraBits: number) => void,
): void {
  const high = MAX_COEFFICIENT;
  const low = 1 - high;
  const maxRun = MAX_ZERO_RUN;
  const offset = COEFFICIENT_SYMBOL_OFFSET;
  const { POSITIVE_8, NEGATIVE_8, POSITIVE_16, NEGATIVE_16, ZERO_RUN_8, ZERO_RUN_16 } = SYMBOL;
  const coefficient = (v: number) => {
    if (v > high) {
      if (v > 255) emit(POSITIVE_16, v, 16);
      else emit(POSITIVE_8, v, 8);
    } else if (v < low) {
      if (v < -255) emit(NEGATIVE_16, -v, 16);
      else emit(NEGATIVE_8, -v, 8);
    } else emit(v + offset, 0, 0);
  };
  const run = (n: number) => {
    if (n <= maxRun) emit(n, 0, 0);
    else if (n <= 0xff) emit(ZERO_RUN_8, n, 8);
    else emit(ZERO_RUN_16, n, 16);
  };
  let zeros = 0;
  for (let i = start; i < end; i++) {
    const v = indices[i]!;
    if (v === 0) {
      if (zeros === LONGEST_RUN) {
        run(zeros);
        zeros = 0;
      }
      zeros++;
      continue;
    }
    if (zeros > 0) {
      run(zeros);
      zeros = 0;
    }
    coefficient(v);
  }
  if (zeros > 0) run(zeros);
}

/** Adds the category frequencies of indices[start, end) to `counts` (256 entries). */
export function countSymbols(indices: Int16Array, start: number, end: number, counts: Int32Array): void {
  walkSymbols(indices, start, end, (symbol) => {
    counts[symbol] = counts[symbol]! + 1;
  });
}

/** Huffman-codes indices[start, end) as one block and pads it to a byte boundary. */
export function encodeBlock(
  writer: WsqByteWriter,
  indices: Int16Array,
  start: number,
  end: number,
  table: HuffmanEncoder,
): void {
  const { code, length } = table;
  walkSymbols(indices, start, end, (symbol, extra, extraBits) => {
    writer.bits(code[symbol]!, length[symbol]!);
    if (extraBits > 0) writer.bits(extra, extraBits);
  });
  writer.flushBits();
}
