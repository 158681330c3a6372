/**
 * The gallery and probes that the cascade and search-digest benches share: `identities` template-level
 * identities of synth's generator (impression 1) enrolled on `workers` search threads, and probes of the
 * same generator (another impression of an enrolled identity, or an identity never enrolled).
 */
import { batchFingers, syntheticGallery, syntheticTemplate } from "@tenprint/synth";
import { TenprintGallery } from "../src/search/tenprint-gallery.js";

export const SYNTHETIC_SEARCH_SEED = 7;

/** Ten fingers of identity `identity` at `impression`, as a search probe. */
export const syntheticSearchProbe = (identity: number, impression: number) =>
  Array.from({ length: 10 }, (_, f) => ({
    position: f + 1,
    template: syntheticTemplate({ seed: SYNTHETIC_SEARCH_SEED, identity, finger: f + 1, impression }),
  }));

/** A warmed-up gallery of identities `id-0` … `id-(identities − 1)`; logs its size and build time. */
export async function syntheticSearchGallery(identities: number, workers: number): Promise<TenprintGallery> {
  const gallery = new TenprintGallery({ workers });
  const started = performance.now();
  for await (const batch of syntheticGallery({
    seed: SYNTHETIC_SEARCH_SEED,
    identities,
    impression: 1,
    workers,
  })) {
    await gallery.enrolMany(
      Array.from({ length: batch.identities }, (_, k) => ({
        id: `id-${batch.firstIdentity + k}`,
        fingers: batchFingers(batch, k),
      })),
    );
  }
  await gallery.warmUp();
  console.log(
    `gallery: ${gallery.size} identities in ${((performance.now() - started) / 1000).toFixed(0)} s; ${workers} workers`,
  );
  return gallery;
}
