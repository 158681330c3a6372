/**
 * Tenprint 1:N accuracy as NIST measures it (FpVTE 2012, PFT III): a gallery of N identities — rendered
 * people (engine-rendered prints, extracted by the engine) and template-level distractors from a named
 * source — searched with rolled tenprint probes, once against rolled and once against plain enrolments.
 *
 * The default source is @tenprint/synth's DISTRACTOR_TEMPLATE_MODEL (chimeric, decision 0023). Chimeric
 * identities reuse regions of 400 source fingers, so a generated probe shares source regions with many
 * gallery identities: generated non-mated searches are not impostor searches there; the rendered probes'
 * figures are the evidence.
 *
 * Rendered searches, the evidence: each person's rolled probe impressions are searched with the person
 * enrolled (mated) and again with the person taken out of the gallery (non-mated: a rendered person who
 * was never booked, against every other rendered person and every distractor). The searches of one person
 * share that person's enrolment and masters, so they are not independent; the report gives intervals
 * both per search and per person. Generated searches (a distractor's second impression, identities never
 * enrolled) are optional and reported apart: a generator's probes against its own gallery measure the
 * generator, not people.
 *
 * Every search's outcome is appended to `<out>-outcomes.jsonl`, so a run resumes where it stopped and
 * the counts grow across runs; `--follow-until` keeps reading the rendered-people files while
 * packages/synth/bench/rendered-people.ts fills them. The report (JSON, DET plot SVG and PNG) is
 * rewritten as outcomes accumulate; `--thresholds` merges the measured fused-score threshold at FPIR
 * 1e-3 for this gallery size into the hub's table.
 *
 * Template-level protocol (decision 0027): `--generated-mated M` searches M gallery chimeras with their
 * other rendered impression (`--mated-probe other-impression`, or `recapture`), `--disjoint-non-mated N`
 * searches N chimeras of `--probe-pool` (a rendered-templates.ts file whose fingers no gallery chimera
 * uses), mated and non-mated in turn; `--template-until` / `--stop-at` (HH:MM UTC) end a run on time.
 *
 *   nice npx tsx --conditions=@tenprint/source packages/afis/bench/identification.ts --identities 100000 \
 *     --people a.jsonl,b.jsonl [--distractors chimeric] [--follow-until 10:20] [--enrolments rolled,plain] \
 *     [--generated-mated 0] [--disjoint-non-mated 0 --probe-pool pool.jsonl] [--generated-non-mated 0] \
 *     [--template-until HH:MM] [--stop-at HH:MM] [--max-people 400] [--workers 2] \
 *     [--out docs/benchmarks/identification-100k] [--thresholds packages/hub/src/domain/data/identification-thresholds.json]
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  batchFingers,
  type ChimeraPool,
  type ChimeraSource,
  chimeraPool,
  chimericTemplate,
  DISTRACTOR_TEMPLATE_MODEL,
  type FingerprintClass,
  syntheticGallery,
  syntheticTemplate,
  type TemplateModelName,
} from "@tenprint/synth";
import {
  clopperPearson,
  type DetSeries,
  detCurve,
  detPlotSvg,
  type EnrolledFinger,
  type FingerprintTemplate,
  fnirAtFpir,
  type MatedSearch,
  type NonMatedSearch,
  rankOneRate,
  type SearchResult,
  TenprintGallery,
  twoSampleKs,
  zeroErrorUpperBound,
} from "../src/index.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback;
const identities = Number(option("identities", "10000"));
const peopleFiles = option("people", "").split(",").filter(Boolean);
const distractorSource = option("distractors", DISTRACTOR_TEMPLATE_MODEL);
const enrolments = option("enrolments", "rolled,plain").split(",") as ("rolled" | "plain")[];
const generatedMated = Number(option("generated-mated", "0"));
const generatedNonMated = Number(option("generated-non-mated", "0"));
const workers = Number(option("workers", "2"));
const maxPeople = Number(option("max-people", "400"));
const out = option("out", `docs/benchmarks/identification-${identities}`);
const followUntil = parseDeadline(option("follow-until", ""));
const thresholdsFile = option("thresholds", "");
/**
 * Non-mated template-level probes that are true impostors (docs/decisions/0027): chimeras cut from a
 * *disjoint* pool of rendered source fingers (a rendered-templates.ts file, e.g. the tuning set), which no
 * gallery chimera uses, so a probe shares no source region with any enrolment.
 */
const probePoolFile = option("probe-pool", "");
const disjointNonMated = Number(option("disjoint-non-mated", "0"));
const matedProbeKind = option("mated-probe", "other-impression");
if (matedProbeKind !== "other-impression" && matedProbeKind !== "recapture") {
  throw new Error(`--mated-probe ${matedProbeKind}: other-impression or recapture`);
}
/** Stop searching at this time (HH:MM UTC) and write the report; a re-run resumes from the outcomes. */
const stopAt = parseDeadline(option("stop-at", ""));
/** Stop the template-level searches at this time (HH:MM UTC), leaving the rest to rendered people. */
const templateUntil = parseDeadline(option("template-until", ""));
/** Rewrite the report from the outcomes file alone: no gallery, no search. */
const reportOnly = args.includes("--report-only");
const HUB_MAX_FPIR = 1e-3;
const TARGETS = [1e-2, 1e-3, 1e-4] as const;
const DISTRACTOR_SEED = 0x44495354;
/** Generated non-mated probes are identities far beyond any gallery's. */
const NON_MATED_FIRST = 1_000_000_000;
/** Seed of the disjoint-pool chimeric probes ("PROB"); their pool is not the galleries' either. */
const PROBE_SEED = 0x50524f42;

function parseDeadline(text: string): number | null {
  if (!text) return null;
  const hhmm = /^(\d\d):(\d\d)$/.exec(text);
  if (hhmm) {
    const d = new Date();
    d.setUTCHours(Number(hhmm[1]), Number(hhmm[2]), 0, 0);
    return d.getTime();
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new Error(`--follow-until ${text} is neither HH:MM (UTC) nor a date`);
  return at;
}

/**
 * Where the distractors come from. Each source is a template-level generator named in the report; a new
 * generator is one more case here, and the bench re-runs on it with `--distractors <name>`.
 */
function distractorModel(name: string): TemplateModelName {
  if (name === "chimeric" || name === "competing" || name === "baseline") return name;
  throw new Error(`--distractors ${name}: known sources are chimeric, competing, baseline`);
}
const model = distractorModel(distractorSource);
const distractorLabel = `${distractorSource} template-level distractors`;

interface StoredTemplate {
  width: number;
  height: number;
  quality: number;
  minutiae: number[][];
}

interface StoredPerson {
  person: number;
  fingers: { position: number; rolled: StoredTemplate; plain: StoredTemplate; probes: StoredTemplate[] }[];
}

interface Person {
  readonly person: number;
  readonly fingers: {
    position: number;
    rolled: FingerprintTemplate;
    plain: FingerprintTemplate;
    probes: FingerprintTemplate[];
  }[];
}

function template(t: StoredTemplate): FingerprintTemplate {
  return {
    width: t.width,
    height: t.height,
    quality: t.quality,
    minutiae: t.minutiae.map(([x, y, direction, type, quality]) => ({
      x: x!,
      y: y!,
      direction: direction!,
      type: type === 2 ? ("bifurcation" as const) : ("ending" as const),
      quality: quality!,
    })),
  };
}

/** People in the files, in file order; a line still being written (no newline yet) is left for later. */
function readPeople(seen: Set<number>): Person[] {
  const people: Person[] = [];
  for (const file of peopleFiles) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    for (const line of text.slice(0, text.lastIndexOf("\n") + 1).split("\n")) {
      if (!line) continue;
      const row = JSON.parse(line) as StoredPerson;
      if (seen.has(row.person)) continue;
      seen.add(row.person);
      people.push({
        person: row.person,
        fingers: row.fingers.map((f) => ({
          position: f.position,
          rolled: template(f.rolled),
          plain: template(f.plain),
          probes: f.probes.map(template),
        })),
      });
    }
  }
  return people;
}

/** One search's outcome as stored; scores of −∞ (nothing returned) are stored as null. */
interface Outcome {
  enrolment: "rolled" | "plain";
  /** "disjoint": a chimeric probe from the disjoint source pool (non-mated only). */
  source: "rendered" | "generated" | "disjoint";
  mated: boolean;
  /** Rendered: the person; generated: the identity searched. */
  subject: number;
  probe: number;
  gallerySize: number;
  mateRank?: number | null;
  mateScore?: number | null;
  mateFpir?: number | null;
  topScore: number | null;
  topFpir: number | null;
  topIdentity: string | null;
  cpuMs: number;
}

const outcomesFile = `${out}-outcomes.jsonl`;
mkdirSync(dirname(out), { recursive: true });
const outcomes: Outcome[] = existsSync(outcomesFile)
  ? readFileSync(outcomesFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Outcome)
  : [];
const doneKey = (o: Pick<Outcome, "enrolment" | "source" | "mated" | "subject" | "probe">) =>
  `${o.enrolment}/${o.source}/${o.mated ? "m" : "n"}/${o.subject}/${o.probe}`;
const done = new Set(outcomes.map(doneKey));

function record(o: Outcome): void {
  outcomes.push(o);
  done.add(doneKey(o));
  appendFileSync(outcomesFile, `${JSON.stringify(o)}\n`);
}

function personFingers(p: Person, plain: boolean): EnrolledFinger[] {
  return p.fingers.map((f) => ({ position: f.position, template: plain ? f.plain : f.rolled, plain }));
}

/** A distractor identity's ten fingers, one impression of one kind, as a tenprint probe. */
function syntheticProbe(
  identity: number,
  impression: number,
  kind: "rolled" | "plain",
): { position: number; template: FingerprintTemplate }[] {
  return Array.from({ length: 10 }, (_, i) => ({
    position: i + 1,
    template: syntheticTemplate({ seed: DISTRACTOR_SEED, identity, finger: i + 1, impression, kind, model }),
  }));
}

function generatedProbe(identity: number): { position: number; template: FingerprintTemplate }[] {
  return syntheticProbe(identity, 2, "rolled");
}

/** A rendered-templates.ts file (both impressions, with anchors and rotations) as a chimera pool. */
function loadProbePool(file: string): ChimeraPool {
  const text = readFileSync(file, "utf8");
  // A line still being written (no newline yet) is left out.
  const sources: ChimeraSource[] = text
    .slice(0, text.lastIndexOf("\n") + 1)
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const row = JSON.parse(line) as {
        finger: number;
        fingerClass: FingerprintClass;
        templates: (StoredTemplate & { kind: string; anchor?: number[]; rotation?: number })[];
      };
      const anchored = (kind: string) => {
        const t = row.templates.find((x) => x.kind === kind);
        if (!t?.anchor || t.rotation === undefined) {
          throw new Error(
            `${file}: finger ${row.finger} has no ${kind} template with an anchor; render it again`,
          );
        }
        return { template: template(t), anchorX: t.anchor[0]!, anchorY: t.anchor[1]!, rotation: t.rotation };
      };
      return { fingerClass: row.fingerClass, rolled: anchored("rolled"), plain: anchored("plain") };
    });
  return chimeraPool(sources);
}
// Loaded at the first disjoint probe, so that the pool's file may be finished while the gallery is built.
let probePool: ChimeraPool | null = null;
if (disjointNonMated > 0 && !probePoolFile) {
  throw new Error("--disjoint-non-mated needs --probe-pool (a rendered-templates.ts file no gallery uses)");
}

/** A rolled tenprint chimera from the disjoint pool: an impostor of every gallery identity. */
function disjointProbe(identity: number): { position: number; template: FingerprintTemplate }[] {
  probePool ??= loadProbePool(probePoolFile);
  const pool = probePool;
  return Array.from({ length: 10 }, (_, i) => ({
    position: i + 1,
    template: chimericTemplate(pool, {
      seed: PROBE_SEED,
      identity,
      finger: i + 1,
      kind: "rolled",
    }),
  }));
}

/**
 * A mated template-level probe of gallery identity `identity`. `recapture` (the former probe): its rolled
 * impression 2, the enrolled minutiae re-placed with 15 % lost and 2 px of jitter — the mate is nearly a
 * copy (fused scores > 100). `other-impression` (default): the chimera cut from the sources' *other*
 * rendered impression — plain for a rolled enrolment, rolled for a plain one — so mate and probe differ
 * as two extractions of two renderings of the same fingers differ (decision 0023: median 41.7 per finger).
 */
function matedProbe(
  identity: number,
  enrolment: "rolled" | "plain",
): { position: number; template: FingerprintTemplate }[] {
  if (matedProbeKind === "recapture") return generatedProbe(identity);
  return syntheticProbe(identity, 1, enrolment === "rolled" ? "plain" : "rolled");
}

const finite = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : x);

function outcomeOf(
  result: SearchResult,
  mateId: string | null,
): Omit<Outcome, "enrolment" | "source" | "mated" | "subject" | "probe" | "cpuMs"> {
  const top = result.candidates[0];
  const base = {
    gallerySize: result.gallerySize,
    topScore: finite(top?.fusedScore),
    topFpir: top ? top.fpir : null,
    topIdentity: top?.identity ?? null,
  };
  if (mateId === null) return base;
  const rank = result.candidates.findIndex((c) => c.identity === mateId);
  const c = rank < 0 ? undefined : result.candidates[rank]!;
  return {
    ...base,
    mateRank: rank < 0 ? null : rank + 1,
    mateScore: finite(c?.fusedScore),
    mateFpir: c ? c.fpir : null,
  };
}

async function timedSearch(gallery: TenprintGallery, probe: Parameters<TenprintGallery["search"]>[0]) {
  const cpu = process.cpuUsage();
  const result = await gallery.search(probe);
  const used = process.cpuUsage(cpu);
  return { result, cpuMs: (used.user + used.system) / 1000 };
}

const memory: Record<string, number> = {};
const started = performance.now();
const startCpu = process.cpuUsage();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

// Rendered people arriving later enter a gallery that already holds its distractors, so the distractors
// leave room for `maxPeople` of them: the gallery never exceeds N.
const distractors = identities - maxPeople;
if (distractors < Math.max(generatedMated, 1)) {
  throw new Error(
    `--identities ${identities} leaves ${distractors} distractors after --max-people ${maxPeople}`,
  );
}
const galleries = new Map<"rolled" | "plain", TenprintGallery>();
for (const kind of reportOnly ? [] : enrolments) {
  const gallery = new TenprintGallery({ workers });
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for await (const batch of syntheticGallery({
    seed: DISTRACTOR_SEED,
    identities: distractors,
    kind,
    model,
    workers,
  })) {
    await gallery.enrolMany(
      Array.from({ length: batch.identities }, (_, k) => ({
        id: `G${batch.firstIdentity + k}`,
        fingers: batchFingers(batch, k),
      })),
    );
  }
  const used = process.cpuUsage(cpu);
  galleries.set(kind, gallery);
  memory[`rssAfter${kind}Gallery`] = process.memoryUsage().rss;
  console.log(
    `${kind}: ${distractors.toLocaleString("en")} ${distractorLabel} enrolled in ${((performance.now() - t0) / 1000).toFixed(0)} s ` +
      `(${((used.user + used.system) / 1e6).toFixed(0)} CPU-s main thread); RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; load ${load()}`,
  );
}

const people: Person[] = [];
const seen = new Set<number>();
let lastReport = performance.now();

async function searchPerson(p: Person): Promise<void> {
  const probes = p.fingers[0]?.probes.length ?? 0;
  for (const [kind, gallery] of galleries) {
    const plain = kind === "plain";
    const id = `R${p.person}`;
    if (!gallery.has(id)) gallery.enrol(id, personFingers(p, plain));
    for (let k = 0; k < probes; k++) {
      const key = { enrolment: kind, source: "rendered" as const, mated: true, subject: p.person, probe: k };
      if (done.has(doneKey(key))) continue;
      const probe = p.fingers.map((f) => ({ position: f.position, template: f.probes[k]! }));
      const { result, cpuMs } = await timedSearch(gallery, probe);
      record({ ...key, ...outcomeOf(result, id), cpuMs });
    }
    gallery.delete(id);
    for (let k = 0; k < probes; k++) {
      const key = { enrolment: kind, source: "rendered" as const, mated: false, subject: p.person, probe: k };
      if (done.has(doneKey(key))) continue;
      const probe = p.fingers.map((f) => ({ position: f.position, template: f.probes[k]! }));
      const { result, cpuMs } = await timedSearch(gallery, probe);
      record({ ...key, ...outcomeOf(result, null), cpuMs });
    }
    gallery.enrol(id, personFingers(p, plain));
  }
}

// Template-level searches first (the bulk of the protocol); rendered people after them.
const pastStop = () => stopAt !== null && Date.now() >= stopAt;
for (const [kind, gallery] of galleries) {
  // Mated and non-mated searches taken in turn (mated i, then non-mated i), so that a run stopped early
  // (--stop-at) has both: the mated count is reached first, the non-mated searches go on.
  const steps = Math.max(generatedMated, disjointNonMated, generatedNonMated);
  const pastTemplateEnd = () => pastStop() || (templateUntil !== null && Date.now() >= templateUntil);
  for (let step = 0; step < steps && !pastTemplateEnd(); step++) {
    const share = (count: number) => (step < count ? [step] : []);
    for (const i of share(generatedMated)) {
      const key = { enrolment: kind, source: "generated" as const, mated: true, subject: i, probe: 0 };
      if (done.has(doneKey(key))) continue;
      const { result, cpuMs } = await timedSearch(gallery, matedProbe(i, kind));
      record({ ...key, ...outcomeOf(result, `G${i}`), cpuMs });
    }
    for (const i of share(disjointNonMated)) {
      const key = { enrolment: kind, source: "disjoint" as const, mated: false, subject: i, probe: 0 };
      if (done.has(doneKey(key))) continue;
      const { result, cpuMs } = await timedSearch(gallery, disjointProbe(i));
      record({ ...key, ...outcomeOf(result, null), cpuMs });
    }
    for (const i of share(generatedNonMated)) {
      const key = {
        enrolment: kind,
        source: "generated" as const,
        mated: false,
        subject: NON_MATED_FIRST + i,
        probe: 0,
      };
      if (done.has(doneKey(key))) continue;
      const { result, cpuMs } = await timedSearch(gallery, generatedProbe(NON_MATED_FIRST + i));
      record({ ...key, ...outcomeOf(result, null), cpuMs });
    }
    if (performance.now() - lastReport > 300_000) {
      writeReport();
      lastReport = performance.now();
    }
  }
}
// Every person already searched in an earlier run is enrolled first, so the gallery is the same.
if (!reportOnly) for (const p of readPeople(seen)) people.push(p);
const searchedBefore = new Set(outcomes.filter((o) => o.source === "rendered").map((o) => o.subject));
for (const p of people) {
  if (!searchedBefore.has(p.person)) continue;
  for (const [kind, gallery] of galleries) gallery.enrol(`R${p.person}`, personFingers(p, kind === "plain"));
}
console.log(
  `${people.length} rendered people on file, ${searchedBefore.size} searched in earlier runs (${outcomes.length} outcomes); load ${load()}`,
);
let next = 0;
for (;;) {
  while (next < people.length && next < maxPeople && !pastStop()) {
    const p = people[next++]!;
    await searchPerson(p);
    if (performance.now() - lastReport > 120_000) {
      writeReport();
      lastReport = performance.now();
    }
  }
  if (reportOnly || pastStop() || next >= maxPeople || followUntil === null || Date.now() >= followUntil)
    break;
  const fresh = readPeople(seen);
  if (fresh.length === 0) await sleep(20_000);
  people.push(...fresh);
  if (fresh.length > 0)
    console.log(`  ${people.length} rendered people on file; ${outcomes.length} outcomes; load ${load()}`);
}

memory.rssAtEnd = process.memoryUsage().rss;
for (const gallery of galleries.values()) await gallery.close();
writeReport();

function asMated(o: Outcome): MatedSearch {
  return {
    mateRank: o.mateRank ?? null,
    mateScore: o.mateScore ?? Number.NEGATIVE_INFINITY,
    mateFpir: o.mateFpir ?? Number.POSITIVE_INFINITY,
  };
}

function asNonMated(o: Outcome): NonMatedSearch {
  return {
    topScore: o.topScore ?? Number.NEGATIVE_INFINITY,
    topFpir: o.topFpir ?? Number.POSITIVE_INFINITY,
  };
}

/** An interval with, for zero counts, the one-sided 95 % bound (≈ 3 / n). */
function interval(errors: number, trials: number) {
  const cp = clopperPearson(errors, trials);
  return {
    errors,
    trials,
    rate: cp.rate,
    ci95: [cp.lower, cp.upper],
    ...(errors === 0 ? { upper95OneSided: zeroErrorUpperBound(trials) } : {}),
  };
}

function summary(matedOutcomes: readonly Outcome[], nonMatedOutcomes: readonly Outcome[]) {
  if (matedOutcomes.length === 0 || nonMatedOutcomes.length === 0) return null;
  const m = matedOutcomes.map(asMated);
  const n = nonMatedOutcomes.map(asNonMated);
  const misses = (threshold: number) =>
    matedOutcomes.filter((o) => o.mateRank == null || (o.mateScore ?? Number.NEGATIVE_INFINITY) < threshold);
  const people = new Set(matedOutcomes.map((o) => o.subject));
  const perPerson = (missed: readonly Outcome[]) =>
    interval(new Set(missed.map((o) => o.subject)).size, people.size);
  const fnirAt: Record<string, unknown> = {};
  for (const target of TARGETS) {
    const point = fnirAtFpir(m, n, target);
    if (point === null) {
      fnirAt[String(target)] = { measurable: false, needsNonMated: Math.ceil(1 / target) };
      continue;
    }
    const missed = misses(point.threshold);
    fnirAt[String(target)] = {
      threshold: point.threshold,
      fpir: point.fpir,
      fnir: interval(missed.length, m.length),
      fnirPerPerson: perPerson(missed),
    };
  }
  // Above every non-mated top score FPIR is 0 of n: the strictest threshold this run can speak for.
  const topNonMated = Math.max(...n.map((s) => s.topScore));
  const zeroMissed = misses(nextAbove(topNonMated));
  const hubMissed = matedOutcomes.filter(
    (o) => o.mateRank !== 1 || !((o.mateFpir ?? Infinity) <= HUB_MAX_FPIR),
  );
  const hubFalse = nonMatedOutcomes.filter((o) => (o.topFpir ?? Infinity) <= HUB_MAX_FPIR);
  return {
    mated: m.length,
    nonMated: n.length,
    people: people.size,
    rankOne: { rate: rankOneRate(m), misses: interval(m.filter((s) => s.mateRank !== 1).length, m.length) },
    fnirAtFpir: fnirAt,
    highestNonMatedTopScore: topNonMated,
    lowestMateScore: Math.min(...m.map((s) => s.mateScore)),
    fnirAtZeroFpir: interval(zeroMissed.length, m.length),
    hub: {
      rule: `best candidate's FPIR estimate ≤ ${HUB_MAX_FPIR}`,
      fpir: interval(hubFalse.length, n.length),
      fnir: interval(hubMissed.length, m.length),
      fnirPerPerson: perPerson(hubMissed),
    },
  };
}

function nextAbove(x: number): number {
  return Number.isFinite(x) ? x + Math.max(Math.abs(x) * Number.EPSILON, Number.MIN_VALUE) : x;
}

function writeReport(): void {
  const cpu = process.cpuUsage(startCpu);
  // A report-only pass keeps the measuring run's memory, time and load.
  const measured =
    reportOnly && existsSync(`${out}.json`)
      ? (JSON.parse(readFileSync(`${out}.json`, "utf8")) as Record<string, unknown>)
      : null;
  const report: Record<string, unknown> = {
    identities,
    distractors: distractorLabel,
    distractorModel: model,
    probes:
      "rolled tenprints: rendered people's impressions 3, 4, …; template-level: a gallery chimera's rolled impression 2 (mated), chimeras of the disjoint pool --probe-pool (non-mated)",
    probePool: probePoolFile || null,
    matedProbe: matedProbeKind,
    outcomes: outcomesFile,
    memory: measured?.memory ?? memory,
    loadAverage: measured?.loadAverage ?? loadavg(),
    wallSeconds: measured?.wallSeconds ?? (performance.now() - started) / 1000,
    processCpuSeconds: measured?.processCpuSeconds ?? (cpu.user + cpu.system) / 1e6,
  };
  const series: DetSeries[] = [];
  const thresholdRows: {
    enrolment: string;
    nonMated: number;
    threshold: number;
    fpirUpper95: number;
    measured: boolean;
    smallestGallery: number;
    probes: string;
  }[] = [];
  const detPoints = (m: readonly Outcome[], nm: readonly Outcome[]) => {
    const mm = m.map(asMated);
    const nn = nm.map(asNonMated);
    const top = Math.max(...nn.map((s) => s.topScore));
    return [...detCurve(mm, nn), { fpir: 0, fnir: missCount(mm, nextAbove(top)) / mm.length }];
  };
  for (const kind of enrolments) {
    const of = (source: Outcome["source"], mated: boolean) =>
      outcomes.filter((o) => o.enrolment === kind && o.source === source && o.mated === mated);
    const rm = of("rendered", true);
    const rn = of("rendered", false);
    const gm = of("generated", true);
    const gn = of("generated", false);
    const dn = of("disjoint", false);
    const searches = [...rm, ...rn, ...gm, ...gn, ...dn];
    const rendered = summary(rm, rn);
    const templateLevel = summary(gm, dn);
    report[`${kind} enrolments`] = {
      rendered,
      generated: summary(gm, gn),
      // The template-level protocol: mated = a gallery chimera's second impression, non-mated = a
      // chimera of the disjoint source pool (an impostor of every enrolment).
      templateLevel,
      // Do disjoint-pool probes' best impostors score like rendered people's? Top scores of the two
      // kinds of non-mated search (a rendered person's probes share the person: see the per-person note).
      nonMatedTopScores:
        rn.length > 0 && dn.length > 0
          ? (() => {
              const a = rn.map((o) => o.topScore ?? Number.NEGATIVE_INFINITY);
              const b = dn.map((o) => o.topScore ?? Number.NEGATIVE_INFINITY);
              const ks = twoSampleKs(a, b);
              const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
              return {
                rendered: { searches: a.length, median: median(a), max: Math.max(...a) },
                disjoint: { searches: b.length, median: median(b), max: Math.max(...b) },
                ks: { statistic: ks.statistic, p: ks.p },
              };
            })()
          : null,
      searches: searches.length,
      searchCpuMsMean: searches.reduce((s, o) => s + o.cpuMs, 0) / Math.max(1, searches.length),
      gallerySizes: [
        Math.min(...searches.map((o) => o.gallerySize)),
        Math.max(...searches.map((o) => o.gallerySize)),
      ],
    };
    // The threshold row comes from the largest non-mated set: the template-level protocol's when it ran.
    const thresholdFrom = templateLevel && dn.length > rn.length ? { m: gm, n: dn } : { m: rm, n: rn };
    if (rendered || templateLevel) {
      const n = thresholdFrom.n.map(asNonMated);
      const point = fnirAtFpir(thresholdFrom.m.map(asMated), n, HUB_MAX_FPIR);
      const hits = point ? Math.round(point.fpir * n.length) : 0;
      thresholdRows.push({
        enrolment: kind,
        nonMated: n.length,
        threshold: point ? point.threshold : nextAbove(Math.max(...n.map((s) => s.topScore))),
        fpirUpper95: point ? clopperPearson(hits, n.length).upper : zeroErrorUpperBound(n.length),
        measured: point !== null,
        smallestGallery: Math.min(...thresholdFrom.n.map((o) => o.gallerySize)),
        probes: thresholdFrom.n === dn ? "disjoint-pool chimeric tenprints" : "rendered people",
      });
    }
    if (templateLevel) {
      series.push({
        label: `${kind}, template-level: ${gm.length} mated, ${dn.length} non-mated (disjoint pool)`,
        points: detPoints(gm, dn),
      });
    }
    if (rendered) {
      series.push({
        label: `${kind} enrolments, rendered probes: ${rm.length} mated (${rendered.people} people), ${rn.length} non-mated`,
        points: detPoints(rm, rn),
      });
      if (gm.length > 0 && gn.length > 0 && dn.length === 0) {
        series.push({
          label: `${kind} enrolments, generated probes (the generator against itself): ${gm.length} mated, ${gn.length} non-mated`,
          points: detPoints(gm, gn),
        });
      }
    }
  }
  writeFileSync(`${out}.json`, `${JSON.stringify(report, null, 2)}\n`);
  if (series.length > 0) {
    const svg = detPlotSvg(
      `Tenprint 1:N, ${identities.toLocaleString("en")} identities (${distractorLabel}), rolled probes`,
      series,
      {
        fpirFloor: 1e-4,
        fnirFloor: 1e-3,
        note: "FPIR below 1/(non-mated searches) is not measured; the left band is the threshold above every non-mated search.",
      },
    );
    writeFileSync(`${out}.svg`, svg);
    renderPng(`${out}.svg`, `${out}.png`);
  }
  if (thresholdsFile && thresholdRows.length > 0) mergeThresholds(thresholdRows);
  console.log(
    `report: ${outcomes.length} outcomes; ${(report.processCpuSeconds as number).toFixed(0)} CPU-s, ${(report.wallSeconds as number).toFixed(0)} s; load ${load()}; wrote ${out}.json`,
  );
}

function missCount(m: readonly MatedSearch[], threshold: number): number {
  return m.filter((s) => s.mateRank === null || s.mateScore < threshold).length;
}

/**
 * The hub's table (packages/hub/src/domain/identification-threshold.ts): one row per gallery size and
 * distractor source, the stricter of the enrolment kinds, so that a gallery of either kind is covered.
 */
function mergeThresholds(
  rows: readonly {
    enrolment: string;
    nonMated: number;
    threshold: number;
    fpirUpper95: number;
    measured: boolean;
    smallestGallery: number;
    probes: string;
  }[],
): void {
  const strictest = rows.reduce((a, b) => (b.threshold > a.threshold ? b : a));
  const table = existsSync(thresholdsFile)
    ? (JSON.parse(readFileSync(thresholdsFile, "utf8")) as { rows: Record<string, unknown>[] })
    : { rows: [] };
  // Labelled with the smallest gallery the non-mated searches met (the distractors leave room for
  // --max-people), so that the lookup never applies the row to a gallery larger than measured.
  const row = {
    gallerySize: Math.min(...rows.map((r) => r.smallestGallery)),
    nominalIdentities: identities,
    distractors: distractorSource,
    nonMatedProbes: strictest.probes,
    targetFpir: HUB_MAX_FPIR,
    // Rounded up: the table must not be looser than the measurement.
    fusedScoreThreshold: Math.ceil(strictest.threshold * 1000) / 1000,
    measuredAtTarget: rows.every((r) => r.measured),
    nonMatedSearches: Math.min(...rows.map((r) => r.nonMated)),
    fpirUpper95: Math.max(...rows.map((r) => r.fpirUpper95)),
    enrolments: rows.map((r) => ({ enrolment: r.enrolment, nonMated: r.nonMated, threshold: r.threshold })),
  };
  const others = table.rows.filter(
    (r) => !(r.nominalIdentities === identities && r.distractors === distractorSource),
  );
  const merged = {
    description:
      "Fused-score thresholds for FPIR 1e-3 per gallery size, measured with non-mated tenprint searches: rendered people, or chimeras of a disjoint source pool where they were more (nonMatedProbes; docs/benchmarks.md, issue 14, decisions 0024 and 0027).",
    regenerate:
      "nice npx tsx --conditions=@tenprint/source packages/afis/bench/identification.ts --identities N --enrolments rolled --generated-mated 1000 --disjoint-non-mated 10000 --probe-pool probe-pool.jsonl --people … --thresholds packages/hub/src/domain/data/identification-thresholds.json",
    rows: [...others, row].sort((a, b) => (a.gallerySize as number) - (b.gallerySize as number)),
  };
  writeFileSync(thresholdsFile, `${JSON.stringify(merged, null, 2)}\n`);
}

function renderPng(svg: string, png: string): void {
  if (!existsSync("/usr/bin/chromium")) return;
  const size = /width="(\d+)" height="(\d+)"/.exec(readFileSync(svg, "utf8"));
  const result = spawnSync(
    "/usr/bin/chromium",
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--hide-scrollbars",
      `--screenshot=${resolve(png)}`,
      `--window-size=${size?.[1] ?? 900},${size?.[2] ?? 600}`,
      `file://${resolve(svg)}`,
    ],
    { stdio: "ignore", timeout: 120_000 },
  );
  if (result.status !== 0) console.log("Chromium did not render the PNG; the SVG stands alone");
}
