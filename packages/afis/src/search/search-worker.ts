import { parentPort } from "node:worker_threads";
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
  type ProbeMatchers,
} from "./search-kernel.js";

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
      readonly searchId: number;
      readonly arrays: GalleryArrays;
      /** At least the probe fingers the slots' positions are compared with (a copy costs per finger). */
      readonly probe: readonly ProbeFinger[];
      readonly slots: Int32Array;
    };

export type WorkerTask = SearchTask | { readonly kind: "prepare"; readonly batch: FingerBatch };

/** Scores of a match task, a prepare task's arrays (shared memory), nothing for a filter task. */
export type WorkerReply = Float32Array | GalleryArrays | undefined;

let cached: { searchId: number; matchers: ProbeMatchers } | undefined;

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
    // The probe is indexed once per search and worker, then reused for every chunk of candidates; a
    // task may carry only the probe fingers of its slots' positions, so later ones add theirs.
    if (cached?.searchId !== task.searchId) {
      cached = { searchId: task.searchId, matchers: buildProbeMatchers(task.probe) };
    } else cached.matchers.add(task.probe);
    const scores = new Float32Array(task.slots.length);
    matchSlots(task.arrays, cached.matchers, task.slots, scores);
    parentPort!.postMessage({ id, reply: scores }, [scores.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
