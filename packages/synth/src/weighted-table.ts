import type { SeededRandom } from "./seeded-random.js";

/** A table of weighted choices, sampled in O(log n) by binary search over cumulative weights. */
export class WeightedTable<T> {
  readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    const positive = entries.filter(([, weight]) => weight > 0);
    if (positive.length === 0) throw new RangeError("weighted table needs at least one positive weight");
    this.values = positive.map(([value]) => value);
    this.cumulative = new Float64Array(positive.length);
    let sum = 0;
    positive.forEach(([, weight], index) => {
      sum += weight;
      this.cumulative[index] = sum;
    });
  }

  get total(): number {
    return this.cumulative[this.cumulative.length - 1] ?? 0;
  }

  sample(random: SeededRandom): T {
    const target = random.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) high = mid;
      else low = mid + 1;
    }
    return this.values[low] as T;
  }
}
