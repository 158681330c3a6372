import { generateImpression } from "../fingerprint/fingerprint-impression.js";
import { generateMasterFingerprint, type MasterFingerprint } from "../fingerprint/master-fingerprint.js";
import type { ImpressionRenderer } from "./booking-images.js";

/**
 * Impressions from the synthetic fingerprint generator (packages/synth/src/fingerprint): the finger's
 * seed and class give its master print, and each impression number a new capture of it. Masters cost
 * most of the time (about a second each on these machines), so the last `cacheSize` are kept: a person's
 * ten masters serve both the rolled and the plain impressions and any re-arrest that follows soon.
 */
export function engineRenderer(cacheSize = 200): ImpressionRenderer {
  const masters = new Map<number, MasterFingerprint>();
  return ({ finger, kind, impression }) => {
    let master = masters.get(finger.seed);
    if (master) masters.delete(finger.seed);
    else master = generateMasterFingerprint({ seed: finger.seed, fingerClass: finger.fingerClass });
    masters.set(finger.seed, master);
    if (masters.size > cacheSize) {
      const oldest = masters.keys().next();
      if (!oldest.done) masters.delete(oldest.value);
    }
    return generateImpression(master, { impression, kind }).image;
  };
}
