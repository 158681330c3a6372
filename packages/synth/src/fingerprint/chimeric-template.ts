import type { FingerprintTemplate, Minutia } from "@tenprint/afis";
import { SeededRandom } from "../seeded-random.js";
import type { FingerprintClass } from "./fingerprint-class.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";
import { tenFingerClasses } from "./hand-classes.js";
import type { ImpressionKind } from "./impression-geometry.js";

/** A template the engine extracted from a rendered impression, with where the finger's core lies in it. */
export interface AnchoredTemplate {
  readonly template: FingerprintTemplate;
  /** The master's cores (their mean; for an arch, where a core would be) in impression pixels. */
  readonly anchorX: number;
  readonly anchorY: number;
  /** The impression's placement rotation against the master, radians (impressionToMaster's angle). */
  readonly rotation: number;
}

/** One rendered source finger: its rolled and plain impressions' templates. */
export interface ChimeraSource {
  readonly fingerClass: FingerprintClass;
  readonly rolled: AnchoredTemplate;
  readonly plain: AnchoredTemplate;
}

/** Source fingers grouped by pattern class, so that every region of a chimera has the same flow. */
export interface ChimeraPool {
  readonly sources: readonly ChimeraSource[];
  readonly byClass: ReadonlyMap<FingerprintClass, readonly number[]>;
}

export function chimeraPool(sources: readonly ChimeraSource[]): ChimeraPool {
  const byClass = new Map<FingerprintClass, number[]>();
  sources.forEach((s, i) => {
    const list = byClass.get(s.fingerClass) ?? [];
    list.push(i);
    byClass.set(s.fingerClass, list);
  });
  return { sources, byClass };
}

export interface ChimeraOptions {
  readonly seed: number;
  readonly identity: number;
  /** ANSI/NIST finger position 1–10 (the class follows the person's hand model); 0 draws a source's class. */
  readonly finger: number;
  readonly kind: ImpressionKind;
  /**
   * Impression number (default 1). The sources were rendered once per kind, so a further impression
   * (2, 3, …) is the same minutiae re-placed, with some lost and the rest jittered as a re-capture
   * would: good enough for mated generated searches, which test the search, not the extractor.
   */
  readonly impression?: number;
  /** Regions (sectors around the core) taken from different source fingers. */
  readonly regions?: number;
  /** Largest rotation of the whole template, degrees (default: the image generator's placement range). */
  readonly rotationDegrees?: number;
}

const CHIMERA_STREAM = 0x4348494d;
/** How far from the aligned cores the sectors' common apex may lie, pixels. */
const APEX_OFFSET = 24;
/** Largest shift of the whole template, pixels. */
const SHIFT = 16;
/** How much a sector's width varies around 2π / regions, as a share of it. */
const SECTOR_JITTER = 0.3;
/** What a further impression loses and how far it moves the rest (pixels, radians). */
const RECAPTURE_LOSS = 0.15;
const RECAPTURE_JITTER = 2;
const RECAPTURE_TURN = 0.06;
/** Minutiae of different sources closer than this at a seam: the later one is dropped, as a duplicate. */
const SEAM_SPACING = 6;

/**
 * A chimeric finger (docs/decisions/0023-chimeric-impostors.md): sectors around the core, split by random
 * lines through the core area, each from a different rendered source finger of the same pattern class,
 * aligned on their cores, then moved by a random rigid transform. The minutiae and their local
 * configuration are what the engine extracts from rendered prints; the whole finger belongs to nobody.
 * Rolled and plain templates of one chimera come from the same sources and sectors, so they are mates
 * of each other as the sources' impressions are. Depends only on (pool, seed, identity, finger, kind).
 */
export function chimericTemplate(pool: ChimeraPool, options: ChimeraOptions): FingerprintTemplate {
  const { chosen, apexX, apexY, start, bounds } = chimeraPlan(pool, options);
  const regions = chosen.length;
  // Each kind draws its own rigid transform, as two captures of one finger are placed differently.
  const impression = options.impression ?? 1;
  const transform = SeededRandom.fromNumbers(
    options.seed,
    options.identity,
    options.finger,
    options.kind === "rolled" ? 2 : 1,
    impression,
    CHIMERA_STREAM,
  );
  const recapture = impression !== 1;
  // As impression-geometry.ts places captures: rolled prints turn 0.4 times as far as plain ones.
  const placement = options.kind === "rolled" ? 0.4 : 1;
  const maxRotation = ((options.rotationDegrees ?? P.rotationDegrees * placement) * Math.PI) / 180;
  const theta = transform.uniform(-maxRotation, maxRotation);
  const shiftX = transform.uniform(-SHIFT, SHIFT);
  const shiftY = transform.uniform(-SHIFT, SHIFT);

  const frame = pool.sources[chosen[0]!]![options.kind];
  const { width, height } = frame.template;
  const minutiae: Minutia[] = [];
  let quality = 0;
  chosen.forEach((sourceIndex, r) => {
    const source = pool.sources[sourceIndex]![options.kind];
    quality += source.template.quality;
    const from = bounds[r]!;
    const to = bounds[r + 1]!;
    // Turning each source back by its own placement rotation lines up the ridge flow of all regions
    // (plain captures are placed up to ±17° apart), then the chimera turns as a whole by theta.
    const back = -source.rotation;
    const backCos = Math.cos(back);
    const backSin = Math.sin(back);
    const turn = theta + back;
    const cos = Math.cos(turn);
    const sin = Math.sin(turn);
    const kept: Minutia[] = [];
    for (const m of source.template.minutiae) {
      if (recapture && transform.chance(RECAPTURE_LOSS)) continue;
      const jitter = recapture ? RECAPTURE_JITTER : 0;
      const dx = m.x - source.anchorX + jitter * transform.quickNormal();
      const dy = m.y - source.anchorY + jitter * transform.quickNormal();
      // Sectors are cut in the master's orientation, so one cut means the same part of every source.
      const mx = backCos * dx + backSin * dy;
      const my = -backSin * dx + backCos * dy;
      const angle = Math.atan2(my - apexY, mx - apexX) - start;
      const cycles = ((angle / (2 * Math.PI)) % 1) + 1;
      const sector = (cycles % 1) * regions;
      if (sector < from || sector >= to) continue;
      // Rotation about the core in image coordinates (y down); ISO directions turn by the same angle.
      const x = frame.anchorX + shiftX + cos * dx + sin * dy;
      const y = frame.anchorY + shiftY - sin * dx + cos * dy;
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      if (minutiae.some((n) => Math.hypot(n.x - x, n.y - y) < SEAM_SPACING)) continue;
      const wobble = recapture ? RECAPTURE_TURN * transform.quickNormal() : 0;
      let direction = (m.direction + turn + wobble) % (2 * Math.PI);
      if (direction < 0) direction += 2 * Math.PI;
      kept.push({ x, y, direction, type: m.type, quality: m.quality });
    }
    minutiae.push(...kept);
  });
  return { width, height, minutiae, quality: Math.round(quality / chosen.length) };
}

/** Which source fingers a chimera takes its regions from, and where the sectors lie (both kinds share it). */
export interface ChimeraPlan {
  /** Source index of each region, in sector order. */
  readonly chosen: readonly number[];
  readonly apexX: number;
  readonly apexY: number;
  /** Angle where sector 0 starts, radians. */
  readonly start: number;
  /** Sector boundaries in units of 2π / regions: 0, …, regions. */
  readonly bounds: readonly number[];
}

export function chimeraPlan(pool: ChimeraPool, options: Omit<ChimeraOptions, "kind">): ChimeraPlan {
  const regions = options.regions ?? 3;
  const random = SeededRandom.fromNumbers(options.seed, options.identity, options.finger, CHIMERA_STREAM);
  const fingerClass =
    options.finger >= 1 && options.finger <= 10
      ? tenFingerClasses(options.seed, options.identity)[options.finger - 1]!
      : pool.sources[random.int(0, pool.sources.length - 1)]!.fingerClass;
  const candidates = pool.byClass.get(fingerClass) ?? fallbackClass(pool, fingerClass);
  const chosen = pickDistinct(candidates, regions, random);
  const apexX = random.uniform(-APEX_OFFSET, APEX_OFFSET);
  const apexY = random.uniform(-APEX_OFFSET, APEX_OFFSET);
  const start = random.uniform(0, 2 * Math.PI);
  const bounds: number[] = [0];
  for (let r = 1; r < regions; r++) {
    bounds.push(r + random.uniform(-SECTOR_JITTER, SECTOR_JITTER));
  }
  bounds.push(regions);
  return { chosen, apexX, apexY, start, bounds };
}

/** A class no source has (the pool is small): its nearest neighbour on the complexity scale. */
function fallbackClass(pool: ChimeraPool, fingerClass: FingerprintClass): readonly number[] {
  const order: Record<FingerprintClass, FingerprintClass[]> = {
    arch: ["tented-arch", "left-loop", "right-loop", "whorl"],
    "tented-arch": ["arch", "left-loop", "right-loop", "whorl"],
    "left-loop": ["right-loop", "whorl", "tented-arch", "arch"],
    "right-loop": ["left-loop", "whorl", "tented-arch", "arch"],
    whorl: ["left-loop", "right-loop", "tented-arch", "arch"],
  };
  for (const other of order[fingerClass]) {
    const list = pool.byClass.get(other);
    if (list && list.length > 0) return list;
  }
  throw new RangeError("the chimera pool has no source fingers");
}

/** `count` different entries of `list` (fewer when the list is shorter; then entries repeat). */
function pickDistinct(list: readonly number[], count: number, random: SeededRandom): number[] {
  const picked: number[] = [];
  const taken = new Set<number>();
  while (picked.length < count) {
    const i = random.int(0, list.length - 1);
    if (taken.has(i) && taken.size < list.length) continue;
    taken.add(i);
    picked.push(list[i]!);
  }
  return picked;
}
