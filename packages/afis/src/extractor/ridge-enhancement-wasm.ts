import { ensureMemory, instantiateKernel, type WasmMemory } from "@tenprint/nist/wasm-kernel";
import { padRasterInto } from "./padded-raster.js";
import type { Raster } from "./raster.js";
import { WASM_BASE64 } from "./ridge-enhancement-kernel.gen.js";

interface EnhancementKernel {
  readonly memory: WasmMemory;
  applyRuns(
    input: number,
    output: number,
    runs: number,
    runCount: number,
    weights: number,
    offsets: number,
    taps: number,
  ): void;
}

let kernel: EnhancementKernel | null | undefined;

function enhancementKernel(): EnhancementKernel | null {
  if (kernel === undefined)
    kernel = (instantiateKernel(WASM_BASE64) as EnhancementKernel | undefined) ?? null;
  return kernel;
}

/** Whether the enhancement runs its WebAssembly kernel here (false where WebAssembly SIMD is missing). */
export function enhancementKernelAvailable(): boolean {
  return enhancementKernel() !== null;
}

/** One oriented filter bank: `taps` weights per filter and `taps` index offsets per orientation. */
export interface TapTables {
  readonly taps: number;
  readonly weights: Float32Array;
  readonly offsets: Int32Array;
}

/** Runs as ridge-enhancement.ts collects them: five int32 each (from, to, shift, weightBase, offsetBase). */
export type TapRuns = Int32Array;

const align = (bytes: number) => (bytes + 63) & ~63;

/**
 * The enhancement's two filter passes (along, then across the ridges) in the WebAssembly kernel, with
 * the same bits as ridge-enhancement.ts applyTaps (float32 products and sums). The image is padded by
 * `pad` straight into the kernel's memory (as padRaster pads it). `between` receives the along-ridge
 * result (a view of the kernel's memory, valid during the call) and returns the across-ridge runs, which
 * depend on it. Returns the enhanced image, a copy, or with `transient` a view of the kernel's memory
 * that the next call overwrites; undefined where the kernel cannot run.
 */
export function enhanceInKernel(
  image: Raster,
  pad: number,
  parallel: TapTables,
  parallelRuns: TapRuns,
  orthogonal: TapTables,
  between: (smoothed: Float32Array) => TapRuns,
  maxRuns: number,
  transient = false,
): Float32Array | undefined {
  const k = enhancementKernel();
  if (!k) return undefined;
  const sourceLength = (image.width + 2 * pad) * (image.height + 2 * pad);
  const outputLength = image.width * image.height;
  const sourceAt = 0;
  const smoothedAt = align(sourceLength * 4 + 64);
  const enhancedAt = 2 * smoothedAt;
  const parallelWeightsAt = enhancedAt + align(outputLength * 4 + 64);
  const parallelOffsetsAt = parallelWeightsAt + align(parallel.weights.length * 4);
  const orthogonalWeightsAt = parallelOffsetsAt + align(parallel.offsets.length * 4);
  const orthogonalOffsetsAt = orthogonalWeightsAt + align(orthogonal.weights.length * 4);
  const runsAt = orthogonalOffsetsAt + align(orthogonal.offsets.length * 4);
  if (!ensureMemory(k.memory, runsAt + maxRuns * 20)) return undefined;
  const buffer = k.memory.buffer;
  padRasterInto(image, pad, new Float32Array(buffer, sourceAt, sourceLength));
  const smoothed = new Float32Array(buffer, smoothedAt, sourceLength);
  smoothed.fill(0);
  new Float32Array(buffer, parallelWeightsAt, parallel.weights.length).set(parallel.weights);
  new Int32Array(buffer, parallelOffsetsAt, parallel.offsets.length).set(parallel.offsets);
  new Float32Array(buffer, orthogonalWeightsAt, orthogonal.weights.length).set(orthogonal.weights);
  new Int32Array(buffer, orthogonalOffsetsAt, orthogonal.offsets.length).set(orthogonal.offsets);
  new Int32Array(buffer, runsAt, parallelRuns.length).set(parallelRuns);
  k.applyRuns(
    sourceAt,
    smoothedAt,
    runsAt,
    parallelRuns.length / 5,
    parallelWeightsAt,
    parallelOffsetsAt,
    parallel.taps,
  );
  const orthogonalRuns = between(smoothed);
  new Int32Array(buffer, runsAt, orthogonalRuns.length).set(orthogonalRuns);
  const enhanced = new Float32Array(buffer, enhancedAt, outputLength);
  enhanced.fill(0);
  k.applyRuns(
    smoothedAt,
    enhancedAt,
    runsAt,
    orthogonalRuns.length / 5,
    orthogonalWeightsAt,
    orthogonalOffsetsAt,
    orthogonal.taps,
  );
  return transient ? enhanced : enhanced.slice();
}
