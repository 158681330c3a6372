import { WsqError, type WsqSegment } from "./wsq-error.js";

/** Big-endian cursor over a WSQ stream; every read past the end is a WsqError naming the segment. */
export class WsqByteReader {
  position = 0;

  constructor(readonly bytes: Uint8Array) {}

  private need(count: number, segment: WsqSegment): void {
    if (this.position + count > this.bytes.length) {
      throw new WsqError(
        segment,
        `stream ends after ${this.bytes.length} bytes; ${count} more byte(s) were expected`,
        this.position,
      );
    }
  }

  u8(segment: WsqSegment): number {
    this.need(1, segment);
    return this.bytes[this.position++]!;
  }

  u16(segment: WsqSegment): number {
    this.need(2, segment);
    const value = (this.bytes[this.position]! << 8) | this.bytes[this.position + 1]!;
    this.position += 2;
    return value;
  }

  u32(segment: WsqSegment): number {
    this.need(4, segment);
    const b = this.bytes;
    const p = this.position;
    this.position += 4;
    return ((b[p]! << 24) >>> 0) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
  }

  take(count: number, segment: WsqSegment): Uint8Array {
    this.need(count, segment);
    const slice = this.bytes.subarray(this.position, this.position + count);
    this.position += count;
    return slice;
  }
}
