/**
 * Tenprint 1:N accuracy as NIST measures it (FpVTE 2012, PFT III): a gallery of N identities — rendered
 * people (engine-rendered prints, extracted by the engine) and template-level distractors from
 * @tenprint/synth's DISTRACTOR_TEMPLATE_MODEL (chimeric since decision 0023) — searched with rolled
 * tenprint probes, once against rolled and once against plain enrolments. Mated searches: rendered
 * people's further rolled impressions, and generated identities' second impressions. Non-mated
 * searches: rendered probes with their own person taken out of the gallery, and generated identities
 * never enrolled. Reports FNIR at FPIR 1e-2, 1e-3, 1e-4 (NIST's definitions, any rank of the
 * candidate list), the rank-1 rate, and the hub's own decision (best candidate's FPIR estimate
 * ≤ 1e-3); writes JSON and a DET plot (SVG, and PNG when Chromium is installed).
 *
 * Chimeric identities reuse regions of 400 source fingers, so a generated probe shares source regions
 * with many gallery identities: generated non-mated searches are not impostor searches there (decision
 * 0023); the rendered probes' figures are the evidence.
 *
 * Rendered people come from packages/synth/bench/rendered-people.ts (about 100 CPU-seconds per person
 * on a loaded machine, so they are made once and read from files).
 *
 *   nice npx tsx packages/afis/bench/identification.ts --identities 10000 --people a.jsonl,b.jsonl \
 *     [--generated-mated 1000] [--generated-non-mated 10000] [--workers 2] [--out docs/benchmarks/identification]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname } from "node:path";
import {
  batchFingers,
  DISTRACTOR_TEMPLATE_MODEL,
  syntheticGallery,
  syntheticTemplate,
} from "@tenprint/synth";
import {
  type DetSeries,
  detCurve,
  detPlotSvg,
  type EnrolledFinger,
  type FingerprintTemplate,
  fnirAtFpir,
  hubDecisionRates,
  type MatedSearch,
  type NonMatedSearch,
  rankOneRate,
  type SearchResult,
  TenprintGallery,
} from "../src/index.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback;
const identities = Number(option("identities", "10000"));
const peopleFiles = option("people", "").split(",").filter(Boolean);
const generatedMated = Number(option("generated-mated", "1000"));
const generatedNonMated = Number(option("generated-non-mated", "10000"));
const workers = Number(option("workers", "2"));
const out = option("out", "docs/benchmarks/identification");
const HUB_MAX_FPIR = 1e-3;
const DISTRACTOR_SEED = 0x44495354;
/** Generated non-mated probes are identities far beyond any gallery's. */
const NON_MATED_FIRST = 1_000_000_000;

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

function template(t: {
  width: number;
  height: number;
  quality: number;
  minutiae: number[][];
}): FingerprintTemplate {
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

function loadPeople(): Person[] {
  const people: Person[] = [];
  for (const file of peopleFiles) {
    if (!existsSync(file))
      throw new Error(`rendered people file ${file} does not exist (make it with rendered-people.ts)`);
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line) continue;
      const row = JSON.parse(line) as StoredPerson;
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

const people = loadPeople();
const probesPerPerson = people[0]?.fingers[0]?.probes.length ?? 0;
const distractors = identities - people.length;
if (distractors < generatedMated) {
  throw new Error(
    `--identities ${identities} leaves ${distractors} generated identities, fewer than --generated-mated ${generatedMated}`,
  );
}

function personFingers(p: Person, plain: boolean): EnrolledFinger[] {
  return p.fingers.map((f) => ({ position: f.position, template: plain ? f.plain : f.rolled, plain }));
}

function generatedProbe(identity: number): { position: number; template: FingerprintTemplate }[] {
  return Array.from({ length: 10 }, (_, i) => ({
    position: i + 1,
    template: syntheticTemplate({
      seed: DISTRACTOR_SEED,
      identity,
      finger: i + 1,
      impression: 2,
      kind: "rolled",
      model: DISTRACTOR_TEMPLATE_MODEL,
    }),
  }));
}

function mated(result: SearchResult, id: string): MatedSearch {
  const rank = result.candidates.findIndex((c) => c.identity === id);
  const c = rank < 0 ? undefined : result.candidates[rank]!;
  return {
    mateRank: rank < 0 ? null : rank + 1,
    mateScore: c?.fusedScore ?? Number.NEGATIVE_INFINITY,
    mateFpir: c?.fpir ?? Number.POSITIVE_INFINITY,
  };
}

function nonMated(result: SearchResult): NonMatedSearch {
  const top = result.candidates[0];
  return {
    topScore: top?.fusedScore ?? Number.NEGATIVE_INFINITY,
    topFpir: top?.fpir ?? Number.POSITIVE_INFINITY,
  };
}

interface Outcomes {
  renderedMated: MatedSearch[];
  renderedNonMated: NonMatedSearch[];
  generatedMated: MatedSearch[];
  generatedNonMated: NonMatedSearch[];
}

async function run(plain: boolean): Promise<{
  outcomes: Outcomes;
  enrolSeconds: number;
  searchSeconds: number;
  searchCpuSeconds: number;
  searches: number;
}> {
  const gallery = new TenprintGallery({ workers });
  const enrolStart = performance.now();
  await gallery.enrolMany(people.map((p) => ({ id: `R${p.person}`, fingers: personFingers(p, plain) })));
  for await (const batch of syntheticGallery({
    seed: DISTRACTOR_SEED,
    identities: distractors,
    kind: plain ? "plain" : "rolled",
    model: DISTRACTOR_TEMPLATE_MODEL,
    workers,
  })) {
    await gallery.enrolMany(
      Array.from({ length: batch.identities }, (_, k) => ({
        id: `G${batch.firstIdentity + k}`,
        fingers: batchFingers(batch, k),
      })),
    );
  }
  const enrolSeconds = (performance.now() - enrolStart) / 1000;
  const outcomes: Outcomes = {
    renderedMated: [],
    renderedNonMated: [],
    generatedMated: [],
    generatedNonMated: [],
  };
  const searchStart = performance.now();
  const searchCpu = process.cpuUsage();
  let searches = 0;
  for (const p of people) {
    for (let k = 0; k < probesPerPerson; k++) {
      const probe = p.fingers.map((f) => ({ position: f.position, template: f.probes[k]! }));
      outcomes.renderedMated.push(mated(await gallery.search(probe), `R${p.person}`));
      searches++;
    }
  }
  // The same probes with their person out of the gallery: non-mated searches of rendered people.
  for (const p of people) {
    gallery.delete(`R${p.person}`);
    for (let k = 0; k < probesPerPerson; k++) {
      const probe = p.fingers.map((f) => ({ position: f.position, template: f.probes[k]! }));
      outcomes.renderedNonMated.push(nonMated(await gallery.search(probe)));
      searches++;
    }
    gallery.enrol(`R${p.person}`, personFingers(p, plain));
  }
  for (let i = 0; i < generatedMated; i++) {
    outcomes.generatedMated.push(mated(await gallery.search(generatedProbe(i)), `G${i}`));
    searches++;
  }
  for (let i = 0; i < generatedNonMated; i++) {
    outcomes.generatedNonMated.push(nonMated(await gallery.search(generatedProbe(NON_MATED_FIRST + i))));
    searches++;
    if ((i + 1) % 2000 === 0)
      console.log(`  ${plain ? "plain" : "rolled"}: ${i + 1} generated non-mated searches`);
  }
  const searchSeconds = (performance.now() - searchStart) / 1000;
  const cpu = process.cpuUsage(searchCpu);
  await gallery.close();
  // Worker threads count in the process's CPU time: the main thread's share plus the workers'.
  return { outcomes, enrolSeconds, searchSeconds, searchCpuSeconds: (cpu.user + cpu.system) / 1e6, searches };
}

function summary(m: readonly MatedSearch[], n: readonly NonMatedSearch[]) {
  if (m.length === 0 || n.length === 0) return null;
  const at = (fpir: number) => {
    const point = fnirAtFpir(m, n, fpir);
    return point === null ? null : { fnir: point.fnir, fpir: point.fpir, threshold: point.threshold };
  };
  return {
    mated: m.length,
    nonMated: n.length,
    rankOne: rankOneRate(m),
    fnirAtFpir: { "1e-2": at(1e-2), "1e-3": at(1e-3), "1e-4": at(1e-4) },
    hub: hubDecisionRates(m, n, HUB_MAX_FPIR),
  };
}

const started = performance.now();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
console.log(
  `${identities.toLocaleString("en")} identities: ${people.length} rendered people (${probesPerPerson} rolled probes each), ` +
    `${distractors.toLocaleString("en")} generated; load average ${load()}`,
);
const report: Record<string, unknown> = {
  identities,
  renderedPeople: people.length,
  probesPerPerson,
  generatedMated,
  generatedNonMated,
  loadAverageAtStart: loadavg(),
};
const series: DetSeries[] = [];
for (const plain of [false, true]) {
  const name = plain ? "plain enrolments" : "rolled enrolments";
  const { outcomes: o, enrolSeconds, searchSeconds, searchCpuSeconds, searches } = await run(plain);
  const all = {
    rendered: summary(o.renderedMated, o.renderedNonMated),
    generated: summary(o.generatedMated, o.generatedNonMated),
    combined: summary(
      [...o.renderedMated, ...o.generatedMated],
      [...o.renderedNonMated, ...o.generatedNonMated],
    ),
  };
  report[name] = { ...all, enrolSeconds, searchSeconds, searchCpuSeconds, searches, loadAverage: loadavg() };
  console.log(
    `${name}: enrolled in ${enrolSeconds.toFixed(0)} s; ${searches} searches in ${searchSeconds.toFixed(0)} s ` +
      `(${((searchSeconds / searches) * 1000).toFixed(0)} ms each, ${((searchCpuSeconds / searches) * 1000).toFixed(0)} CPU-ms); ` +
      `load average ${load()}`,
  );
  for (const [source, s] of Object.entries(all)) {
    if (!s) continue;
    const f = (p: { fnir: number } | null) => (p === null ? "n/a" : `${(p.fnir * 100).toFixed(2)} %`);
    console.log(
      `  ${source.padEnd(9)} mated ${s.mated}, non-mated ${s.nonMated}: rank-1 ${(s.rankOne * 100).toFixed(2)} %; ` +
        `FNIR @FPIR 1e-2 ${f(s.fnirAtFpir["1e-2"])}, 1e-3 ${f(s.fnirAtFpir["1e-3"])}, 1e-4 ${f(s.fnirAtFpir["1e-4"])}; ` +
        `hub (FPIR estimate ≤ 1e-3): FPIR ${(s.hub.fpir * 100).toFixed(3)} %, FNIR ${(s.hub.fnir * 100).toFixed(2)} %`,
    );
  }
  series.push({
    label: `${plain ? "plain" : "rolled"}: all searches`,
    points: detCurve(
      [...o.renderedMated, ...o.generatedMated],
      [...o.renderedNonMated, ...o.generatedNonMated],
    ),
  });
  if (o.renderedMated.length > 0) {
    series.push({
      label: `${plain ? "plain" : "rolled"}: rendered only`,
      points: detCurve(o.renderedMated, o.renderedNonMated),
    });
  }
}
report.totalSeconds = (performance.now() - started) / 1000;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.json`, `${JSON.stringify(report, null, 2)}\n`);
const svg = detPlotSvg(`Tenprint 1:N, ${identities.toLocaleString("en")} identities, rolled probes`, series, {
  fpirFloor: 1e-4,
  fnirFloor: 1e-3,
});
writeFileSync(`${out}.svg`, svg);
if (existsSync("/usr/bin/chromium")) {
  const png = spawnSync(
    "/usr/bin/chromium",
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      `--screenshot=${out}.png`,
      "--window-size=720,520",
      `${out}.svg`,
    ],
    { stdio: "ignore", timeout: 120_000 },
  );
  if (png.status !== 0) console.log("Chromium did not render the PNG; the SVG stands alone");
}
console.log(
  `wrote ${out}.json, ${out}.svg${existsSync(`${out}.png`) ? `, ${out}.png` : ""}; ${(report.totalSeconds as number).toFixed(0)} s in all`,
);
