import { ensureMemory, instantiateKernel, type WasmMemory } from "../wasm/wasm-kernel.js";
import type { FilterPlan } from "./wsq-filter-plan.js";
import type { WaveletNode } from "./wsq-trees.js";
import { WASM_BASE64 } from "./wsq-wavelet-kernel.gen.js";

interface WaveletKernel {
  readonly memory: WasmMemory;
  filterColumns(
    src: number,
    dst: number,
    lines: number,
    stride: number,
    outs: number,
    termStart: number,
    termSource: number,
    termCoefficient: number,
  ): void;
  transpose(src: number, srcStride: number, dst: number, dstStride: number, rows: number, cols: number): void;
  toBytes(data: number, pixels: number, count: number, scale: number, shift: number): void;
}

let kernel: WaveletKernel | null | undefined;

function waveletKernel(): WaveletKernel | null {
  if (kernel === undefined) kernel = (instantiateKernel(WASM_BASE64) as WaveletKernel | undefined) ?? null;
  return kernel;
}

/** Whether decoding runs the WebAssembly kernel here (false where WebAssembly SIMD is missing). */
export function waveletKernelAvailable(): boolean {
  return waveletKernel() !== null;
}

/** The plan's coefficients as float32 (exact: they are the transform table's float32 filters). */
const singleCoefficients = new WeakMap<FilterPlan, Float32Array>();

function coefficientsOf(plan: FilterPlan): Float32Array {
  let single = singleCoefficients.get(plan);
  if (!single) {
    single = Float32Array.from(plan.termCoefficient);
    singleCoefficients.set(plan, single);
  }
  return single;
}

const align = (bytes: number) => (bytes + 63) & ~63;

export interface KernelImage {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly WaveletNode[];
  readonly planFor: (length: number, invert: boolean) => FilterPlan;
  readonly shift: number;
  readonly scale: number;
}

/**
 * The end of WSQ decoding in the WebAssembly kernel: `fill` writes the unquantised coefficients into
 * a zeroed array in the kernel's memory, the inverse transform runs there (wsq-wavelet.ts `reconstruct`,
 * bit for bit: each node's columns are filtered four at a time, its rows are transposed, filtered as
 * columns and transposed back) and the result is converted to 8-bit pixels as wsq-decoder.ts does.
 * Returns undefined where the kernel cannot run or its memory cannot hold the image.
 */
export function reconstructPixelsInKernel(
  image: KernelImage,
  fill: (coefficients: Float32Array) => void,
): Uint8Array | undefined {
  const k = waveletKernel();
  if (!k) return undefined;
  const { width, height, nodes, planFor } = image;
  const count = width * height;
  const plans = nodes.map((node) => ({
    columns: planFor(node.height, node.invertColumns),
    rows: planFor(node.width, node.invertRows),
  }));
  let maxLength = 0;
  let maxTerms = 0;
  for (const { columns, rows } of plans) {
    maxLength = Math.max(maxLength, columns.length, rows.length);
    maxTerms = Math.max(maxTerms, columns.termSource.length, rows.termSource.length);
  }
  const region = align(count * 4 + 64);
  const data = 0;
  const scratch = region;
  const lines = 2 * region;
  const filtered = 3 * region;
  const pixels = 4 * region;
  const termStart = pixels + align(count + 16);
  const termSource = termStart + align((maxLength + 1) * 4);
  const termCoefficient = termSource + align(maxTerms * 4);
  // The kernel's memory is kept between decodes (it never shrinks): five image-sized regions.
  if (!ensureMemory(k.memory, termCoefficient + align(maxTerms * 4))) return undefined;
  const buffer = k.memory.buffer;
  const coefficients = new Float32Array(buffer, data, count);
  coefficients.fill(0);
  fill(coefficients);
  const starts = new Int32Array(buffer, termStart, maxLength + 1);
  const sources = new Int32Array(buffer, termSource, maxTerms);
  const weights = new Float32Array(buffer, termCoefficient, maxTerms);
  const load = (plan: FilterPlan) => {
    starts.set(plan.termStart);
    sources.set(plan.termSource);
    weights.set(coefficientsOf(plan));
  };
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    const { columns, rows } = plans[i]!;
    const base = (node.y * width + node.x) * 4;
    load(columns);
    k.filterColumns(
      data + base,
      scratch + base,
      node.width,
      width,
      node.height,
      termStart,
      termSource,
      termCoefficient,
    );
    k.transpose(scratch + base, width, lines, node.height, node.height, node.width);
    load(rows);
    k.filterColumns(
      lines,
      filtered,
      node.height,
      node.height,
      node.width,
      termStart,
      termSource,
      termCoefficient,
    );
    k.transpose(filtered, node.height, data + base, width, node.width, node.height);
  }
  k.toBytes(data, pixels, (count + 15) & ~15, image.scale, image.shift);
  return new Uint8Array(buffer, pixels, count).slice();
}
