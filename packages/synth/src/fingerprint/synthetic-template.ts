import type { FingerprintTemplate, Minutia } from "@tenprint/afis";
import { packagedChimeraPool } from "./chimera-sources.js";
import { chimericTemplate } from "./chimeric-template.js";
import type { ImpressionKind } from "./impression-geometry.js";
import {
  BIFURCATION,
  createFlatTemplate,
  type FlatTemplate,
  generateTemplateMinutiae,
} from "./template-minutiae.js";
import { type TemplateModelName, templateModel } from "./template-model.js";

export interface SyntheticTemplateOptions {
  readonly seed: number;
  /** Which synthetic person (or finger, when `finger` is absent); any integer in [0, 2^53). */
  readonly identity: number;
  /** ANSI/NIST finger position 1–10: the class then follows the person's correlated hand model. */
  readonly finger?: number;
  /** Impression number: 0 is the master itself (all of its minutiae, no noise). */
  readonly impression: number;
  /** Plain (default) or rolled impression. */
  readonly kind?: ImpressionKind;
  /** "baseline" (default), "competing" (decision 0014) or "chimeric" (decision 0023); see TemplateBatchRequest.model. */
  readonly model?: TemplateModelName;
}

const scratch = createFlatTemplate();

/**
 * A plain-impression template straight from a minutiae model, without drawing any image, for
 * distractor galleries of 10⁵–10⁶ identities. The master finger has the silhouette, singular points
 * and orientation model of the image generator; minutiae sit at a minimum spacing, denser near cores
 * and deltas, pointing along the ridge flow. An impression cuts a contact region through the same
 * placement and distortion model as the images, loses some minutiae, gains spurious ones, and jitters
 * positions, angles and types as an extractor would. The master's minutiae and each impression's
 * per-minutia draws (loss, jitter, type flip) are hashes of (finger or impression key, grid cell), so
 * no list of master minutiae is built and no generator runs per minutia. Every template depends only
 * on (seed, identity, finger, impression), so any identity can be regenerated on its own. For whole
 * galleries, syntheticGallery gives the same templates as flat arrays, on every core.
 */
export function syntheticTemplate(options: SyntheticTemplateOptions): FingerprintTemplate {
  if (options.model === "chimeric") {
    return chimericTemplate(packagedChimeraPool(), {
      seed: options.seed,
      identity: options.identity,
      finger: options.finger ?? 0,
      kind: options.kind ?? "plain",
      // Impression 0 (the master) has no chimeric counterpart: the first impression stands in for it.
      impression: Math.max(1, options.impression),
    });
  }
  generateTemplateMinutiae(
    options.seed,
    options.identity,
    options.finger ?? 0,
    options.impression,
    scratch,
    options.kind,
    templateModel(options.model),
  );
  return templateOf(scratch);
}

/** Templates of identities first … first+count−1, one impression each, generated lazily. */
export function* syntheticTemplates(options: {
  readonly seed: number;
  readonly count: number;
  readonly impression: number;
  readonly firstIdentity?: number;
}): Generator<FingerprintTemplate> {
  const first = options.firstIdentity ?? 0;
  for (let identity = first; identity < first + options.count; identity++) {
    yield syntheticTemplate({ seed: options.seed, identity, impression: options.impression });
  }
}

function templateOf(flat: FlatTemplate): FingerprintTemplate {
  const minutiae: Minutia[] = new Array(flat.count);
  for (let i = 0; i < flat.count; i++) {
    minutiae[i] = {
      x: flat.x[i]!,
      y: flat.y[i]!,
      direction: flat.direction[i]!,
      type: flat.type[i] === BIFURCATION ? "bifurcation" : "ending",
      quality: flat.quality[i]!,
    };
  }
  return { width: flat.width, height: flat.height, minutiae, quality: 0 };
}
