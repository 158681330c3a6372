import { readFileSync } from "node:fs";
import {
  FingerprintMatcher,
  type FingerprintTemplate,
  type KsResult,
  scoreAtFmr,
  twoSampleKs,
} from "@tenprint/afis";
import {
  type ChimeraPool,
  type ChimeraSource,
  chimeraPlan,
  chimeraPool,
  chimericTemplate,
} from "../src/fingerprint/chimeric-template.js";
import type { FingerprintClass } from "../src/fingerprint/fingerprint-class.js";
import type { ImpressionKind } from "../src/fingerprint/impression-geometry.js";
import {
  BIFURCATION,
  createFlatTemplate,
  generateTemplateMinutiae,
} from "../src/fingerprint/template-minutiae.js";
import type { TemplateModel } from "../src/fingerprint/template-model.js";

/** One rendered finger as rendered-templates.ts writes it. */
export interface RenderedFinger {
  readonly finger: number;
  readonly fingerClass: FingerprintClass;
  readonly rolled: FingerprintTemplate;
  readonly plain: FingerprintTemplate;
  /** Where the master's core lies in each impression (files written since decision 0023 carry it). */
  readonly anchors?: { readonly rolled: readonly number[]; readonly plain: readonly number[] };
  /** The impressions' placement rotations, radians (files written since decision 0023). */
  readonly rotations?: { readonly rolled: number; readonly plain: number };
}

export function loadRendered(file: string): RenderedFinger[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const row = JSON.parse(line) as {
        finger: number;
        fingerClass: FingerprintClass;
        templates: {
          kind: string;
          anchor?: number[];
          rotation?: number;
          width: number;
          height: number;
          quality: number;
          minutiae: number[][];
        }[];
      };
      const of = (kind: string): FingerprintTemplate => {
        const t = row.templates.find((x) => x.kind === kind)!;
        return {
          width: t.width,
          height: t.height,
          quality: t.quality,
          minutiae: t.minutiae.map(([x, y, direction, type, quality]) => ({
            x: x!,
            y: y!,
            direction: direction!,
            type: type === 2 ? "bifurcation" : "ending",
            quality: quality!,
          })),
        };
      };
      const anchorOf = (kind: string) => row.templates.find((x) => x.kind === kind)!.anchor;
      const rotationOf = (kind: string) => row.templates.find((x) => x.kind === kind)!.rotation;
      const rolledRotation = rotationOf("rolled");
      const plainRotation = rotationOf("plain");
      const rolledAnchor = anchorOf("rolled");
      const plainAnchor = anchorOf("plain");
      return {
        finger: row.finger,
        fingerClass: row.fingerClass,
        rolled: of("rolled"),
        plain: of("plain"),
        ...(rolledAnchor && plainAnchor ? { anchors: { rolled: rolledAnchor, plain: plainAnchor } } : {}),
        ...(rolledRotation !== undefined && plainRotation !== undefined
          ? { rotations: { rolled: rolledRotation, plain: plainRotation } }
          : {}),
      };
    });
}

/** A chimera pool from rendered fingers whose file carries anchors (rendered-templates.ts). */
export function loadChimeraPool(file: string): ChimeraPool {
  const sources: ChimeraSource[] = loadRendered(file).map((f) => {
    if (!f.anchors || !f.rotations) {
      throw new Error(`${file}: finger ${f.finger} has no anchors or rotations; render it again`);
    }
    const { anchors, rotations } = f;
    const anchored = (kind: "rolled" | "plain") => ({
      template: f[kind],
      anchorX: anchors[kind][0]!,
      anchorY: anchors[kind][1]!,
      rotation: rotations[kind],
    });
    return { fingerClass: f.fingerClass, rolled: anchored("rolled"), plain: anchored("plain") };
  });
  return chimeraPool(sources);
}

/** `count` chimeric fingers (positions cycling 1–10), identities first … first+count−1. */
export function chimericTemplates(
  pool: ChimeraPool,
  seed: number,
  count: number,
  kind: ImpressionKind,
  regions = 3,
  first = 0,
): FingerprintTemplate[] {
  return Array.from({ length: count }, (_, i) =>
    chimericTemplate(pool, { seed, identity: first + i, finger: ((first + i) % 10) + 1, kind, regions }),
  );
}

/**
 * `count` chimeric fingers of which no two share a source finger (positions cycling 1–10, identities
 * taken in order and skipped when a source is already used): independent units for a test that permutes
 * gallery fingers. 400 sources give at most about 131 (⌊sources per class / 3⌋ per class).
 */
export function distinctSourceChimeras(
  pool: ChimeraPool,
  seed: number,
  count: number,
  kind: ImpressionKind,
  regions = 3,
  first = 0,
): FingerprintTemplate[] {
  const used = new Set<number>();
  const out: FingerprintTemplate[] = [];
  for (let identity = first; out.length < count && identity < first + 1_000_000; identity++) {
    const options = { seed, identity, finger: (identity % 10) + 1, kind, regions };
    const { chosen } = chimeraPlan(pool, options);
    if (chosen.some((s) => used.has(s)) || new Set(chosen).size < chosen.length) continue;
    for (const s of chosen) used.add(s);
    out.push(chimericTemplate(pool, options));
  }
  if (out.length < count) {
    throw new Error(
      `only ${out.length} chimeras sharing no source (of ${count}) from ${pool.sources.length} sources`,
    );
  }
  return out;
}

const flat = createFlatTemplate();

/** Impression 1 of `count` generated fingers (positions cycling 1–10 when `positions`, else unknown). */
export function generatedTemplates(
  model: TemplateModel,
  seed: number,
  count: number,
  kind: ImpressionKind,
  positions = false,
): FingerprintTemplate[] {
  const out: FingerprintTemplate[] = [];
  for (let i = 0; i < count; i++) {
    generateTemplateMinutiae(seed, i, positions ? (i % 10) + 1 : 0, 1, flat, kind, model);
    const minutiae = [];
    for (let k = 0; k < flat.count; k++) {
      minutiae.push({
        x: flat.x[k]!,
        y: flat.y[k]!,
        direction: flat.direction[k]!,
        type: flat.type[k] === BIFURCATION ? ("bifurcation" as const) : ("ending" as const),
        quality: flat.quality[k]!,
      });
    }
    out.push({ width: flat.width, height: flat.height, minutiae, quality: 0 });
  }
  return out;
}

/** Every probe against every gallery template, except where `skip(probe, gallery)` says so. */
export function crossScores(
  probes: readonly FingerprintTemplate[],
  gallery: readonly FingerprintTemplate[],
  skip: (p: number, g: number) => boolean = () => false,
): Float64Array {
  const scores: number[] = [];
  probes.forEach((probe, p) => {
    const matcher = new FingerprintMatcher(probe);
    gallery.forEach((template, g) => {
      if (!skip(p, g)) scores.push(matcher.compare(template));
    });
  });
  return Float64Array.from(scores);
}

export interface Agreement {
  readonly ks: KsResult;
  readonly rendered: { readonly at1e3: number; readonly at1e4: number; readonly count: number };
  readonly generated: { readonly at1e3: number; readonly at1e4: number; readonly count: number };
  /** |generated − rendered| / rendered at FMR 1e-3. */
  readonly gapAt1e3: number;
}

export function agreement(rendered: Float64Array, generated: Float64Array): Agreement {
  const r3 = scoreAtFmr(rendered, 1e-3);
  const g3 = scoreAtFmr(generated, 1e-3);
  return {
    ks: twoSampleKs(rendered, generated),
    rendered: { at1e3: r3, at1e4: scoreAtFmr(rendered, 1e-4), count: rendered.length },
    generated: { at1e3: g3, at1e4: scoreAtFmr(generated, 1e-4), count: generated.length },
    gapAt1e3: Math.abs(g3 - r3) / r3,
  };
}

export function describe(a: Agreement): string {
  return (
    `KS D ${a.ks.statistic.toFixed(4)} p ${a.ks.p.toPrecision(3)}; ` +
    `rendered ${a.rendered.count} pairs: s@1e-3 ${a.rendered.at1e3.toFixed(2)} s@1e-4 ${a.rendered.at1e4.toFixed(2)}; ` +
    `generated ${a.generated.count} pairs: s@1e-3 ${a.generated.at1e3.toFixed(2)} s@1e-4 ${a.generated.at1e4.toFixed(2)}; ` +
    `gap at 1e-3 ${(a.gapAt1e3 * 100).toFixed(1)} %`
  );
}

/**
 * Two-sample KS with its p-value from permuting gallery fingers between the two sides (`permutations`
 * relabellings): every score of one gallery finger moves with it. The asymptotic KS p-value treats the
 * probes × gallery pairs as independent, which they are not (a finger that many probes score high
 * against lifts many pairs), so it rejects even two samples of rendered fingers; this one does not
 * assume independence beyond the fingers. `a[g]` and `b[g]` are gallery finger g's scores against the
 * same probes.
 */
export function fingerPermutationKs(
  a: readonly Float64Array[],
  b: readonly Float64Array[],
  permutations = 1000,
  seed = 0x5045524d,
): { statistic: number; p: number } {
  const all = [...a, ...b];
  const d = (left: readonly Float64Array[], right: readonly Float64Array[]) =>
    twoSampleKs(concat(left), concat(right)).statistic;
  const observed = d(a, b);
  let state = seed >>> 0;
  const next = () => {
    // xorshift32: a fixed stream, so the p-value is reproducible.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
  let atLeast = 0;
  const order = all.map((_, i) => i);
  for (let k = 0; k < permutations; k++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const left = order.slice(0, a.length).map((i) => all[i]!);
    const right = order.slice(a.length).map((i) => all[i]!);
    if (d(left, right) >= observed) atLeast++;
  }
  return { statistic: observed, p: (atLeast + 1) / (permutations + 1) };
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, x) => s + x.length, 0));
  let o = 0;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}

/** Each gallery template's scores against every probe: one array per gallery finger. */
export function scoresByGallery(
  probes: readonly FingerprintTemplate[],
  gallery: readonly FingerprintTemplate[],
): Float64Array[] {
  const matchers = probes.map((p) => new FingerprintMatcher(p));
  return gallery.map((g) => Float64Array.from(matchers, (m) => m.compare(g)));
}
