/**
 * A small seeded generator (sfc32) so that every synthetic print is reproducible from its seed on any
 * machine and Node version; Math.random cannot be seeded. Seeds are tuples of integers (user seed,
 * finger, impression, purpose) mixed into the state, so any item can be regenerated on its own without
 * replaying the items before it.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  constructor(...seedParts: readonly number[]) {
    let h1 = 0x9e3779b9;
    let h2 = 0x85ebca6b;
    let h3 = 0xc2b2ae35;
    let h4 = 0x27d4eb2f;
    for (const part of seedParts) {
      const low = part >>> 0;
      const high = Math.floor(part / 0x100000000) >>> 0;
      h1 = mix32(h1 ^ low);
      h2 = mix32(h2 ^ high ^ h1);
      h3 = mix32(h3 ^ Math.imul(low, 0x2545f491) ^ h2);
      h4 = mix32(h4 ^ Math.imul(high + 1, 0x68e31da4) ^ h3);
    }
    // Kept as int32 so V8 stores the state unboxed.
    this.a = h1 | 0;
    this.b = h2 | 0;
    this.c = h3 | 0;
    this.d = h4 | 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = (this.b ^ (this.b >>> 9)) | 0;
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 0x100000000;
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    const u = 1 - this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /**
   * Approximately standard normal from a single draw: the sum of its four bytes (Irwin–Hall, n = 4),
   * good to the tails that position and angle jitter need, and several times cheaper than normal().
   */
  quickNormal(): number {
    const u = this.nextUint32();
    const sum = (u & 0xff) + ((u >>> 8) & 0xff) + ((u >>> 16) & 0xff) + (u >>> 24);
    return (sum - 510) / 147.8;
  }

  sign(): number {
    return this.next() < 0.5 ? -1 : 1;
  }

  /** Index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let target = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i]!;
      if (target < 0) return i;
    }
    return weights.length - 1;
  }
}

/** A 32-bit integer hash (murmur3 finaliser); also used to draw per-cell values without a generator. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
