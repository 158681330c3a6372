/**
 * The one seeded generator (sfc32) behind every synthetic print, person and booking: Math.random cannot
 * be seeded, and a seed must reproduce a data set byte for byte on any machine and Node version.
 * Fingerprints seed it from a tuple of integers (user seed, finger, impression, purpose) so any item can
 * be regenerated on its own without replaying the items before it; population data seeds it from a text
 * seed and derives independent streams with `fork(label)`, so that adding a draw in one part (say,
 * aliases) does not shift the draws of another (say, fingers).
 */
export class SeededRandom {
  /** The state before warm-up; forks derive from it so they do not depend on draws already made. */
  private readonly origin: readonly [number, number, number, number];
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  private constructor(state: readonly [number, number, number, number]) {
    this.origin = state;
    // Kept as int32 so V8 stores the state unboxed.
    this.a = state[0] | 0;
    this.b = state[1] | 0;
    this.c = state[2] | 0;
    this.d = state[3] | 0;
    // sfc32 needs a few rounds before weakly mixed seeds stop showing in the output.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A generator seeded from text (spread over the state with cyrb128). */
  static fromText(seed: string): SeededRandom {
    return new SeededRandom(cyrb128(seed));
  }

  /** A generator seeded from a tuple of non-negative integers up to 2^53; the order of the parts matters. */
  static fromNumbers(...seedParts: readonly number[]): SeededRandom {
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
    return new SeededRandom([h1, h2, h3, h4 | 1]);
  }

  /** A new generator whose stream depends only on this generator's seed and the label. */
  fork(label: string | number): SeededRandom {
    return SeededRandom.fromNumbers(...this.origin.map((word) => word >>> 0), ...cyrb128(String(label)));
  }

  uint32(): number {
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
    return this.uint32() / 0x100000000;
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  sign(): number {
    return this.next() < 0.5 ? -1 : 1;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
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
    const u = this.uint32();
    const sum = (u & 0xff) + ((u >>> 8) & 0xff) + ((u >>> 16) & 0xff) + (u >>> 24);
    return (sum - 510) / 147.8;
  }

  /** Poisson-distributed count (Knuth for small means, normal approximation for large ones). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k += 1;
      p *= this.next();
    }
    return k;
  }

  /** Digits of the given length, first digit not zero unless `leadingZero`. */
  digits(length: number, leadingZero = false): string {
    let text = String(leadingZero ? this.int(0, 9) : this.int(1, 9));
    while (text.length < length) text += String(this.int(0, 9));
    return text;
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

/** cyrb128: a fast 128-bit string hash, used only to spread a text seed over the generator state. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
