/**
 * Instantiates a hand-written WebAssembly kernel (base64 from scripts/build-wasm.ts) synchronously.
 * Shared with afis's ridge enhancement through the `@tenprint/nist/wasm-kernel` entry, which is not part
 * of nist's documented API.
 * Returns undefined where WebAssembly or its SIMD instructions are missing, so callers keep their
 * JavaScript path; the kernels are small enough (< 4 KB) for browsers' main-thread compilation limit.
 */
interface WasmGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export function instantiateKernel(base64: string): Record<string, unknown> | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmGlobal }).WebAssembly;
  if (!wasm) return undefined;
  try {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    return new wasm.Instance(new wasm.Module(bytes), {}).exports;
  } catch {
    return undefined;
  }
}

/**
 * Grows `memory` to at least `bytes` (views of it must be made again afterwards); false when it cannot
 * grow that far (over WebAssembly's 4 GiB or out of memory), so the caller can take its JavaScript path.
 */
export function ensureMemory(memory: WasmMemory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
}
