/** Growable big-endian byte sink with a bit writer for entropy-coded data (0xFF is followed by a stuffed 0x00). */
export class WsqByteWriter {
  private buffer: Uint8Array;
  length = 0;
  private bitAccumulator = 0;
  private bitCount = 0;

  constructor(initialCapacity = 4096) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity));
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  u8(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value;
  }

  u16(value: number): void {
    this.ensure(2);
    this.buffer[this.length++] = value >>> 8;
    this.buffer[this.length++] = value;
  }

  u32(value: number): void {
    this.u16(value >>> 16);
    this.u16(value & 0xffff);
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** Appends the low `count` bits of `value`, most significant first (count <= 16). */
  bits(value: number, count: number): void {
    this.bitAccumulator = (this.bitAccumulator << count) | (value & ((1 << count) - 1));
    this.bitCount += count;
    while (this.bitCount >= 8) {
      this.bitCount -= 8;
      this.dataByte((this.bitAccumulator >>> this.bitCount) & 0xff);
    }
    this.bitAccumulator &= (1 << this.bitCount) - 1;
  }

  /** Pads the last partial byte of a block with 1 bits, as the specification requires. */
  flushBits(): void {
    if (this.bitCount > 0) {
      const pad = 8 - this.bitCount;
      this.dataByte(((this.bitAccumulator << pad) | ((1 << pad) - 1)) & 0xff);
    }
    this.bitAccumulator = 0;
    this.bitCount = 0;
  }

  private dataByte(byte: number): void {
    this.ensure(2);
    this.buffer[this.length++] = byte;
    if (byte === 0xff) this.buffer[this.length++] = 0;
  }

  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
