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
 *
 * The bit reader's state lives in local variables of this one function, written out where it is used:
 * variables that closures share are kept in a heap context by V8, which made every bit cost loads and
 * stores.
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

  // A marker met while a code is being read ends the block: the bits read so far are the 1-bit padding
  // that fills the block's last byte.
  symbols: for (;;) {
    if (available === 0) {
      const byte = nextByte(bytes, pos, end, true);
      if (byte < 0) break;
      pos += byte === 0xff ? 2 : 1;
      current = byte;
      available = 8;
    }
    available--;
    let code = (current >>> available) & 1;
    let length = 1;
    while (code > maxCode[length]!) {
      length++;
      if (length > maxCodeLength) fail("bit pattern matches no Huffman code", pos);
      if (available === 0) {
        const byte = nextByte(bytes, pos, end, true);
        if (byte < 0) break symbols;
        pos += byte === 0xff ? 2 : 1;
        current = byte;
        available = 8;
      }
      available--;
      code = (code << 1) | ((current >>> available) & 1);
    }
    const index = code - minCode[length]!;
    if (index < 0 || index >= lengthCount[length]!) fail("bit pattern matches no Huffman code", pos);
    const symbol = values[valuePointer[length]! + index]!;
    // Either a run of zero coefficients or one coefficient.
    let run = 1;
    let coefficient = true;
    let value = 0;
    if (symbol >= 1 && symbol <= maxZeroRun) {
      run = symbol;
      coefficient = false;
    } else if (symbol > ZERO_RUN_16 && symbol < 0xff) {
      value = symbol - coefficientOffset;
    } else {
      // A coefficient or a zero run whose magnitude follows in 8 or 16 bits.
      let bits = 16;
      let sign = 1;
      if (symbol === POSITIVE_8 || symbol === NEGATIVE_8 || symbol === ZERO_RUN_8) bits = 8;
      if (symbol === NEGATIVE_8 || symbol === NEGATIVE_16) sign = -1;
      else if (symbol === ZERO_RUN_8 || symbol === ZERO_RUN_16) coefficient = false;
      else if (symbol !== POSITIVE_8 && symbol !== POSITIVE_16)
        fail(`Huffman symbol ${symbol} is not a WSQ category`, pos);
      let magnitude = 0;
      while (bits > 0) {
        if (available === 0) {
          const byte = nextByte(bytes, pos, end, false);
          pos += byte === 0xff ? 2 : 1;
          current = byte;
          available = 8;
        }
        const take = Math.min(bits, available);
        available -= take;
        magnitude = (magnitude << take) | ((current >>> available) & ((1 << take) - 1));
        bits -= take;
      }
      if (coefficient) value = sign * magnitude;
      else run = magnitude;
    }
    if (k + run > limit) fail(`data runs past the ${limit} coefficients of the coded subbands`, pos);
    if (k + run > out.length) {
      sink.reserve(k + run);
      out = sink.indices;
    }
    if (coefficient) out[k++] = value;
    else k += run;
  }
  sink.count = k;
  return pos;
}

/**
 * The data byte at `pos` (0xFF when it is the stuffed pair 0xFF 0x00), or −1 when a marker starts there
 * and `markerAllowed`; throws where the stream ends or a marker interrupts a coded value.
 */
function nextByte(bytes: Uint8Array, pos: number, end: number, markerAllowed: boolean): number {
  if (pos >= end) fail("stream ends inside entropy-coded data (no EOI marker)", pos);
  const byte = bytes[pos]!;
  if (byte !== 0xff) return byte;
  if (pos + 1 >= end) fail("stream ends after a 0xFF byte", pos);
  const next = bytes[pos + 1]!;
  if (next === 0) return byte;
  if (!markerAllowed) fail(`marker 0xFF${next.toString(16).padStart(2, "0")} inside a coded value`, pos);
  return -1;
}

function fail(reason: string, pos: number): never {
  throw new WsqError(SEGMENT, reason, pos);
}
