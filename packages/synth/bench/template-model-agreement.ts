import { readFileSync } from "node:fs";
import {
  FingerprintMatcher,
  type FingerprintTemplate,
  type KsResult,
  scoreAtFmr,
  twoSampleKs,
} from "@tenprint/afis";
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
  readonly rolled: FingerprintTemplate;
  readonly plain: FingerprintTemplate;
}

export function loadRendered(file: string): RenderedFinger[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const row = JSON.parse(line) as {
        finger: number;
        templates: { kind: string; width: number; height: number; quality: number; minutiae: number[][] }[];
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
      return { finger: row.finger, rolled: of("rolled"), plain: of("plain") };
    });
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
