import type { EnrolledFinger, EnrolmentItem } from "@tenprint/afis";
import { batchFingers, syntheticGallery, syntheticTemplate } from "@tenprint/synth";

/**
 * Where a simulated year's fingerprints come from: the one seam to swap when distractors are made to
 * compete differently (e.g. against rendered people). This implementation draws people and distractors
 * alike from @tenprint/synth's template-level generator (syntheticTemplate, syntheticGallery), so the
 * distractors compete with the booked people by construction: both are the same generator's identities.
 */
export interface SimulationTemplates {
  /** The ten fingers of template identity `identity` at one impression. */
  fingers(identity: number, impression: number): EnrolledFinger[];
  /** `count` distractor identities from `first`, in batches; `id` names each in the gallery. */
  distractors(
    first: number,
    count: number,
    id: (identity: number) => string,
  ): AsyncGenerator<EnrolmentItem[]>;
}

export function synthTemplates(seed: number, workers?: number): SimulationTemplates {
  return {
    fingers(identity, impression) {
      return Array.from({ length: 10 }, (_, f) => ({
        position: f + 1,
        template: syntheticTemplate({ seed, identity, finger: f + 1, impression }),
        plain: true,
      }));
    },
    async *distractors(first, count, id) {
      if (count <= 0) return;
      for await (const batch of syntheticGallery({
        seed,
        identities: count,
        firstIdentity: first,
        impression: 1,
        ...(workers === undefined ? {} : { workers }),
      })) {
        yield Array.from({ length: batch.identities }, (_, k) => ({
          id: id(batch.firstIdentity + k),
          fingers: batchFingers(batch, k),
        }));
      }
    },
  };
}
