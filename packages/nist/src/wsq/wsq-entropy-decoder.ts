import { WsqError } from "./wsq-error.js";
import type { HuffmanDecoder } from "./wsq-huffman.js";
import { COEFFICIENT_SYMBOL_OFFSET, MAX_ZERO_RUN, SYMBOL, WSQ_LIMITS } from "./wsq-parameters.js";

const SEGMENT = "entropy-coded data";

/**
 * Quantiser indices decoded so far. The buffer grows with the data actually decoded (zero runs leave
 * zeros), so a corrupt frame header cannot make the decoder allocate for pixels the stream lacks.
 */
export class IndexSink {
  indices: Int16Array;
  count = 0;

  /** `streamBytes` sizes the first buffer: real data rarely expands beyond 64 coefficients a byte. */
  constructor(
    readonly limit: number,
    streamBytes: number,
  ) {
    this.indices = new Int16Array(Math.min(limit, Math.max(1 << 16, streamBytes * 64)));
  }

  reserve(size: number): void {
    if (size <= this.indices.length) return;
    let capacity = Math.max(1, this.indices.length * 2);
    while (capacity < size) capacity *= 2;
    const grown = new Int16Array(Math.min(capacity, Math.max(size, this.limit)));
    grown.set(this.indices);
    this.indices = grown;
  }
}

/**
 * Decodes one entropy-coded block into `sink` until a marker ends the block. Bytes 0xFF 0x00 are
 * stuffed data bytes; 0xFF followed by anything else is a marker, which may only appear where a new
 * code starts (as in NBIS). Returns the position of that marker.
 */
export function decodeBlock(
  bytes: Uint8Array,
  position: number,
  table: HuffmanDecoder,
  sink: IndexSink,
): number {
  const end = bytes.length;
  const { maxCode, minCode, valuePointer, lengthCount, values } = table;
  const limit = sink.limit;
  // Module constants read through import bindings are hoisted: this is the per-symbol loop.
  const maxCodeLength = WSQ_LIMITS.maxCodeLength;
  const maxZeroRun = MAX_ZERO_RUN;
  const coefficientOffset = COEFFICIENT_SYMBOL_OFFSET;
  const { POSITIVE_8, NEGATIVE_8, POSITIVE_16, NEGATIVE_16, ZERO_RUN_8, ZERO_RUN_16 } = SYMBOL;
  let out = sink.indices;
  let pos = position;
  let current = 0;
  let available = 0;
  let k = sink.count;

  const fail = (reason: string): never => {
    throw new WsqError(SEGMENT, reason, pos);
  };
  /** Loads the next data byte; returns false when a marker is next instead. */
  const load = (markerAllowed: boolean): boolean => {
    if (pos >= end) fail("stream ends inside entropy-coded data (no EOI marker)");
    const byte = bytes[pos]!;
    if (byte === 0xff) {
      if (pos + 1 >= end) fail("stream ends after a 0xFF byte");
      const next = bytes[pos + 1]!;
      if (next !== 0) {
        if (!markerAllowed) fail(`marker 0xFF${next.toString(16).padStart(2, "0")} inside a coded value`);
        return false;
      }
      pos += 2;
    } else {
      pos += 1;
    }
    current = byte;
    available = 8;
    return true;
  };
  const readBits = (count: number): number => {
    let value = 0;
    let needed = count;
    while (needed > 0) {
      if (available === 0) load(false);
      const take = Math.min(needed, available);
      available -= take;
      value = (value << take) | ((current >>> available) & ((1 << take) - 1));
      needed -= take;
    }
    return value;
  };
  const advance = (run: number) => {
    if (k + run > limit) fail(`data runs past the ${limit} coefficients of the coded subbands`);
    if (k + run > out.length) {
      sink.reserve(k + run);
      out = sink.indices;
    }
  };
  const store = (value: number) => {
    advance(1);
    out[k++] = value;
  };

  // A marker met while a code is being read ends the block: the bits read so far are the 1-bit padding
  // that fills the block's last byte.
  symbols: for (;;) {
    if (available === 0 && !load(true)) break;
    available--;
    let code = (current >>> available) & 1;
    let length = 1;
    while (code > maxCode[length]!) {
      length++;
      if (length > maxCodeLength) fail("bit pattern matches no Huffman code");
      if (available === 0 && !load(true)) break symbols;
      available--;
      code = (code << 1) | ((current >>> available) & 1);
    }
    const index = code - minCode[length]!;
    if (index < 0 || index >= lengthCount[length]!) fail("bit pattern matches no Huffman code");
    const symbol = values[valuePointer[length]! + index]!;
    if (symbol >= 1 && symbol <= maxZeroRun) {
      advance(symbol);
      k += symbol;
    } else if (symbol > ZERO_RUN_16 && symbol < 0xff) {
      store(symbol - coefficientOffset);
    } else if (symbol === POSITIVE_8) {
      store(readBits(8));
    } else if (symbol === NEGATIVE_8) {
      store(-readBits(8));
    } else if (symbol === POSITIVE_16) {
      store(readBits(16));
    } else if (symbol === NEGATIVE_16) {
      store(-readBits(16));
    } else if (symbol === ZERO_RUN_8 || symbol === ZERO_RUN_16) {
      const run = readBits(symbol === ZERO_RUN_8 ? 8 : 16);
      advance(run);
      k += run;
    } else {
      fail(`Huffman symbol ${symbol} is not a WSQ category`);
    }
  }
  sink.count = k;
  return pos;
}
