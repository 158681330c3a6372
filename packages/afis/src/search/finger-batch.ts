import { minutiaTypeCode } from "../matcher/prepared-template.js";
import type { FingerprintTemplate } from "../minutia.js";
import { allocateGalleryArrays, type GalleryArrays, storeBatchFinger } from "./gallery-store.js";

/**
 * Fingers to enrol packed into flat typed arrays, so a batch crosses to a worker thread as a few
 * buffers rather than a structured clone of thousands of minutia objects. Numbers are kept as float64,
 * so the worker stores exactly what storeFinger would.
 */
export interface FingerBatch {
  readonly count: number;
  /** Minutiae of finger f are minutiaStart[f] … minutiaStart[f+1]−1. */
  readonly minutiaStart: Int32Array<ArrayBuffer>;
  readonly x: Float64Array<ArrayBuffer>;
  readonly y: Float64Array<ArrayBuffer>;
  readonly direction: Float64Array<ArrayBuffer>;
  readonly quality: Float64Array<ArrayBuffer>;
  /** As PreparedTemplate's type codes. */
  readonly type: Uint8Array<ArrayBuffer>;
  readonly position: Uint8Array<ArrayBuffer>;
  readonly plain: Uint8Array<ArrayBuffer>;
}

export interface BatchFinger {
  readonly position: number;
  readonly template: FingerprintTemplate;
  readonly plain?: boolean;
}

export function packFingers(fingers: readonly BatchFinger[]): FingerBatch {
  let minutiae = 0;
  for (const finger of fingers) minutiae += finger.template.minutiae.length;
  const batch: FingerBatch = {
    count: fingers.length,
    minutiaStart: new Int32Array(fingers.length + 1),
    x: new Float64Array(minutiae),
    y: new Float64Array(minutiae),
    direction: new Float64Array(minutiae),
    quality: new Float64Array(minutiae),
    type: new Uint8Array(minutiae),
    position: new Uint8Array(fingers.length),
    plain: new Uint8Array(fingers.length),
  };
  let at = 0;
  fingers.forEach((finger, f) => {
    batch.minutiaStart[f] = at;
    batch.position[f] = finger.position;
    batch.plain[f] = finger.plain ? 1 : 0;
    for (const m of finger.template.minutiae) {
      batch.x[at] = m.x;
      batch.y[at] = m.y;
      batch.direction[at] = m.direction;
      batch.quality[at] = m.quality;
      batch.type[at] = minutiaTypeCode(m.type);
      at++;
    }
  });
  batch.minutiaStart[fingers.length] = at;
  return batch;
}

/**
 * Stores every finger of a batch in its own slot (slot f = finger f, owner 0) of fresh gallery arrays:
 * the part of enrolment that depends on nothing but the finger, done where it can run in parallel. The
 * arrays are transferable, not shared: a worker hands them over whole, and they are garbage of the
 * thread that copies them into the store. Shared, the worker kept a handle to every batch it prepared
 * until its own collector ran, which an idle search thread's rarely does (docs/capacity.md).
 */
export function prepareFingerBatch(batch: FingerBatch): GalleryArrays {
  const arrays = allocateGalleryArrays(batch.count, "transferable");
  for (let f = 0; f < batch.count; f++) storeBatchFinger(arrays, f, batch, f);
  return arrays;
}
