import { parentPort } from "node:worker_threads";
import { FingerprintMatcher } from "../matcher/fingerprint-matcher.js";
import type { FilterIndex } from "./filter-index.js";
import { type FingerBatch, prepareFingerBatch } from "./finger-batch.js";
import { type GalleryArrays, galleryArrayBuffers } from "./gallery-store.js";
import {
  buildProbeMatchers,
  type FilterProbe,
  filterIndexed,
  filterSlotList,
  filterSlots,
  matchSlots,
  type ProbeFinger,
} from "./search-kernel.js";
import { SEARCH_PARAMETERS } from "./search-parameters.js";

/** Messages a search worker understands; gallery arrays arrive as views of shared memory. */
export type SearchTask =
  | {
      readonly kind: "filter";
      readonly arrays: GalleryArrays;
      readonly probe: FilterProbe;
      readonly from: number;
      readonly to: number;
      readonly out: Float32Array;
    }
  | {
      readonly kind: "filterIndexed";
      readonly arrays: GalleryArrays;
      readonly probe: FilterProbe;
      readonly index: FilterIndex;
      readonly part: number;
      readonly parts: number;
      readonly out: Float32Array;
    }
  | {
      readonly kind: "filterList";
      readonly arrays: GalleryArrays;
      readonly probe: FilterProbe;
      /** Shared memory: this task scores slots[from … to − 1] into out[from … to − 1]. */
      readonly slots: Int32Array;
      readonly from: number;
      readonly to: number;
      readonly out: Float32Array;
    }
  | {
      readonly kind: "match";
      readonly arrays: GalleryArrays;
      /** At least the probe fingers the slots' positions are compared with (a copy costs per finger). */
      readonly probe: readonly KeyedProbeFinger[];
      readonly slots: Int32Array;
    };

/** A probe finger with its template's key (TenprintGallery's `keyed`): one key, one template. */
export interface KeyedProbeFinger extends ProbeFinger {
  readonly key: number;
}

export type WorkerTask = SearchTask | { readonly kind: "prepare"; readonly batch: FingerBatch };

/** Scores of a match task, a prepare task's arrays (shared memory), nothing for a filter task. */
export type WorkerReply = Float32Array | GalleryArrays | undefined;

/**
 * The matchers this thread built, by template key, least recently used first. Indexing a probe finger
 * is worth several comparisons; a booking's probe comes once per gallery and cascade stage, and
 * galleries sharing these threads (SearchThreads) interleave their searches, so the matchers of a few
 * probes are kept (each ≈ 0.3 MB).
 */
const matchers = new Map<number, FingerprintMatcher>();

function matcherOf(finger: ProbeFinger): FingerprintMatcher {
  const { key } = finger as KeyedProbeFinger;
  let matcher = matchers.get(key);
  if (matcher) matchers.delete(key);
  else {
    matcher = new FingerprintMatcher(finger.template);
    if (matchers.size >= SEARCH_PARAMETERS.threadMatchers) matchers.delete(matchers.keys().next().value!);
  }
  matchers.set(key, matcher);
  return matcher;
}

parentPort?.on("message", (message: { id: number; task: WorkerTask }) => {
  const { id, task } = message;
  try {
    if (task.kind === "prepare") {
      // Both the prepared arrays and the batch they came from leave this thread (the batch's buffers
      // are detached here and unreachable there): nothing of the enrolment waits for this thread's GC.
      const prepared = prepareFingerBatch(task.batch);
      const { minutiaStart, x, y, direction, quality, type, position, plain } = task.batch;
      const batchBuffers = [minutiaStart, x, y, direction, quality, type, position, plain].map(
        (a) => a.buffer,
      );
      parentPort!.postMessage({ id, reply: prepared }, [...galleryArrayBuffers(prepared), ...batchBuffers]);
      return;
    }
    if (task.kind === "filter") {
      filterSlots(task.arrays, task.probe, task.from, task.to, task.out);
      parentPort!.postMessage({ id });
      return;
    }
    if (task.kind === "filterIndexed") {
      filterIndexed(task.arrays, task.probe, task.index, task.part, task.parts, task.out);
      parentPort!.postMessage({ id });
      return;
    }
    if (task.kind === "filterList") {
      const { from, to } = task;
      filterSlotList(task.arrays, task.probe, task.slots.subarray(from, to), task.out.subarray(from, to));
      parentPort!.postMessage({ id });
      return;
    }
    // Each probe finger is indexed once on this thread (matcherOf), when a task first compares with it.
    const scores = new Float32Array(task.slots.length);
    matchSlots(task.arrays, buildProbeMatchers(task.probe, matcherOf), task.slots, scores);
    parentPort!.postMessage({ id, reply: scores }, [scores.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
