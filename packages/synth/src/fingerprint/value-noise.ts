import type { SeededRandom } from "../seeded-random.js";

/** Smooth random field in [-1, 1]: random values on a coarse lattice blended with smoothstep weights. */
export class ValueNoise {
  private readonly values: Float32Array;
  private readonly columns: number;
  private readonly cell: number;

  constructor(random: SeededRandom, width: number, height: number, cell: number) {
    this.cell = cell;
    this.columns = Math.ceil(width / cell) + 2;
    const rows = Math.ceil(height / cell) + 2;
    this.values = new Float32Array(this.columns * rows);
    for (let i = 0; i < this.values.length; i++) this.values[i] = random.uniform(-1, 1);
  }

  /** Value at (x, y); points off the lattice are clamped to its edge. */
  at(x: number, y: number): number {
    const rows = this.values.length / this.columns;
    const gx = Math.min(this.columns - 1.001, Math.max(0, x / this.cell));
    const gy = Math.min(rows - 1.001, Math.max(0, y / this.cell));
    const ix = gx | 0;
    const iy = gy | 0;
    let fx = gx - ix;
    let fy = gy - iy;
    fx = fx * fx * (3 - 2 * fx);
    fy = fy * fy * (3 - 2 * fy);
    const i = iy * this.columns + ix;
    const v = this.values;
    const top = v[i]! + (v[i + 1]! - v[i]!) * fx;
    const bottom = v[i + this.columns]! + (v[i + this.columns + 1]! - v[i + this.columns]!) * fx;
    return top + (bottom - top) * fy;
  }
}
