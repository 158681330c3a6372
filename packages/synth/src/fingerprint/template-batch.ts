import type { EnrolledFinger, FingerprintTemplate, Minutia } from "@tenprint/afis";
import { packagedChimeraPool } from "./chimera-sources.js";
import { chimericTemplate } from "./chimeric-template.js";
import type { ImpressionKind } from "./impression-geometry.js";
import {
  BIFURCATION,
  createFlatTemplate,
  ENDING,
  type FlatTemplate,
  generateTemplateMinutiae,
  TEMPLATE_CAPACITY,
} from "./template-minutiae.js";
import { type TemplateModelName, templateModel } from "./template-model.js";

/** Which templates a batch holds: fingers 1…fingersPerIdentity of consecutive identities, one impression. */
export interface TemplateBatchRequest {
  readonly seed: number;
  readonly firstIdentity: number;
  readonly identities: number;
  /** Finger positions 1…fingersPerIdentity (1–10) of each identity, from its correlated hand model. */
  readonly fingersPerIdentity: number;
  /** Impression number: 0 is the master itself, 1 and up are impressions of `kind`. */
  readonly impression: number;
  /** Plain (default) or rolled impressions: the contact region and frame of the rendered ones. */
  readonly kind?: ImpressionKind;
  /**
   * "baseline" (default): nearly independent identities, for template-level people searched against
   * template-level galleries. "competing": distractors fitted to score against rendered probes as rendered
   * people do (decision 0014). "chimeric": regions of templates extracted from rendered source fingers
   * (decision 0023), for galleries searched with rendered prints (DISTRACTOR_TEMPLATE_MODEL).
   */
  readonly model?: TemplateModelName;
}

/**
 * The templates of a batch as flat typed arrays (a few bytes per minutia, no object per minutia), so a
 * batch crosses threads by transfer. Template t is finger position t mod fingersPerIdentity + 1 of
 * identity firstIdentity + ⌊t / fingersPerIdentity⌋; its minutiae are start[t] … start[t+1] − 1.
 * Positions are pixels at 500 ppi, directions ISO angles in radians in [0, 2π), types 1 = ending and
 * 2 = bifurcation (the afis codes). The values are syntheticTemplate's, rounded to float32.
 */
export interface TemplateBatch extends TemplateBatchRequest {
  readonly start: Uint32Array<ArrayBuffer>;
  readonly width: Uint16Array<ArrayBuffer>;
  readonly height: Uint16Array<ArrayBuffer>;
  readonly x: Float32Array<ArrayBuffer>;
  readonly y: Float32Array<ArrayBuffer>;
  readonly direction: Float32Array<ArrayBuffer>;
  readonly type: Uint8Array<ArrayBuffer>;
  readonly quality: Uint8Array<ArrayBuffer>;
}

const TWO_PI = 2 * Math.PI;
/** Plain impressions average under 50 minutiae; the arrays grow if a batch needs more. */
const EXPECTED_MINUTIAE = 64;

/** Generates a batch on this thread; syntheticGallery spreads batches over worker threads. */
export function generateTemplateBatch(request: TemplateBatchRequest): TemplateBatch {
  const { seed, firstIdentity, identities, fingersPerIdentity, impression } = request;
  const kind = request.kind ?? "plain";
  const chimeric = request.model === "chimeric";
  const model = chimeric ? undefined : templateModel(request.model);
  const templates = identities * fingersPerIdentity;
  const start = new Uint32Array(templates + 1);
  const width = new Uint16Array(templates);
  const height = new Uint16Array(templates);
  let capacity = Math.max(TEMPLATE_CAPACITY, templates * EXPECTED_MINUTIAE);
  let x = new Float32Array(capacity);
  let y = new Float32Array(capacity);
  let direction = new Float32Array(capacity);
  let type = new Uint8Array(capacity);
  let quality = new Uint8Array(capacity);
  const flat = createFlatTemplate();
  let n = 0;
  for (let t = 0; t < templates; t++) {
    const identity = firstIdentity + Math.floor(t / fingersPerIdentity);
    const finger = (t % fingersPerIdentity) + 1;
    if (model) generateTemplateMinutiae(seed, identity, finger, impression, flat, kind, model);
    else
      fillFlat(
        flat,
        chimericTemplate(packagedChimeraPool(), {
          seed,
          identity,
          finger,
          kind,
          impression: Math.max(1, impression),
        }),
      );
    if (n + flat.count > capacity) {
      capacity = Math.max(n + TEMPLATE_CAPACITY, Math.ceil(capacity * 1.5));
      x = grown(x, capacity);
      y = grown(y, capacity);
      direction = grown(direction, capacity);
      type = grown(type, capacity);
      quality = grown(quality, capacity);
    }
    for (let i = 0; i < flat.count; i++) {
      x[n + i] = flat.x[i]!;
      y[n + i] = flat.y[i]!;
      // A direction just under 2π would round up to 2π in float32: wrap it to 0 as the range requires.
      const d = Math.fround(flat.direction[i]!);
      direction[n + i] = d < TWO_PI ? d : 0;
      type[n + i] = flat.type[i]!;
      quality[n + i] = flat.quality[i]!;
    }
    n += flat.count;
    start[t + 1] = n;
    width[t] = flat.width;
    height[t] = flat.height;
  }
  return {
    seed,
    firstIdentity,
    identities,
    fingersPerIdentity,
    impression,
    kind,
    model: request.model ?? "baseline",
    start,
    width,
    height,
    // Exact-length copies: a batch is transferred and kept, so slack would cost memory for its lifetime.
    x: x.slice(0, n),
    y: y.slice(0, n),
    direction: direction.slice(0, n),
    type: type.slice(0, n),
    quality: quality.slice(0, n),
  };
}

/** A chimeric template into the generator's scratch arrays, so both generators share the batch code. */
function fillFlat(flat: FlatTemplate, template: FingerprintTemplate): void {
  const count = Math.min(template.minutiae.length, flat.x.length);
  template.minutiae.slice(0, count).forEach((m, i) => {
    flat.x[i] = m.x;
    flat.y[i] = m.y;
    flat.direction[i] = m.direction;
    flat.type[i] = m.type === "bifurcation" ? BIFURCATION : ENDING;
    flat.quality[i] = m.quality;
  });
  flat.count = count;
  flat.width = template.width;
  flat.height = template.height;
}

function grown<T extends Float32Array | Uint8Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}

/** Template t of a batch as the afis FingerprintTemplate. */
export function batchTemplate(batch: TemplateBatch, t: number): FingerprintTemplate {
  if (!Number.isInteger(t) || t < 0 || t >= batch.width.length) {
    throw new RangeError(`template ${t} is not in the batch (0–${batch.width.length - 1})`);
  }
  const from = batch.start[t]!;
  const count = batch.start[t + 1]! - from;
  const minutiae: Minutia[] = new Array(count);
  for (let i = 0; i < count; i++) {
    minutiae[i] = {
      x: batch.x[from + i]!,
      y: batch.y[from + i]!,
      direction: batch.direction[from + i]!,
      type: batch.type[from + i] === BIFURCATION ? "bifurcation" : "ending",
      quality: batch.quality[from + i]!,
    };
  }
  return { width: batch.width[t]!, height: batch.height[t]!, minutiae, quality: 0 };
}

/**
 * The fingers of the batch's k-th identity (identity firstIdentity + k) as TenprintGallery.enrol takes
 * them: `gallery.enrol(id, batchFingers(batch, k))`. Rolled impressions and masters (impression 0)
 * are enrolled as rolled prints, plain impressions as plain ones.
 */
export function batchFingers(batch: TemplateBatch, k: number): EnrolledFinger[] {
  if (!Number.isInteger(k) || k < 0 || k >= batch.identities) {
    throw new RangeError(`identity ${k} is not in the batch (0–${batch.identities - 1})`);
  }
  const fingers: EnrolledFinger[] = [];
  for (let f = 0; f < batch.fingersPerIdentity; f++) {
    fingers.push({
      position: f + 1,
      template: batchTemplate(batch, k * batch.fingersPerIdentity + f),
      plain: batch.impression !== 0 && batch.kind !== "rolled",
    });
  }
  return fingers;
}
