/**
 * What the search cascade (SearchOptions.cascade) changes: the same probes searched with and without it
 * against one synthetic tenprint gallery (template level, @tenprint/synth, as `tenprint simulate`
 * enrols it: impression 1 in the gallery, mated probes at impressions 2 and 3 of enrolled identities,
 * non-mated probes from identities not enrolled). Per probe it compares the identification decision
 * (lowest-FPIR candidate at FPIR ≤ --max-fpir, the hub's threshold 1e-3 by default: identity and FPIR),
 * rank 1, the top-10 list, and where the mate ranks; and the CPU time of each mode (process time: main
 * thread and search workers).
 *
 *   npx tsx packages/afis/bench/cascade.ts [--identities 20000] [--mated 100] [--non-mated 100]
 *                                          [--workers 2] [--max-fpir 0.001]
 */
import type { SearchCandidate, SearchResult } from "../src/search/tenprint-gallery.js";
import { syntheticSearchGallery, syntheticSearchProbe } from "./synthetic-search-gallery.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback;
const identities = option("identities", 20_000);
const mated = option("mated", 100);
const nonMated = option("non-mated", 100);
const workers = option("workers", 2);
const maxFpir = option("max-fpir", 0.001);
const probeOf = syntheticSearchProbe;

const gallery = await syntheticSearchGallery(identities, workers);

interface Probe {
  readonly mate: string | undefined;
  readonly fingers: ReturnType<typeof probeOf>;
}
const probes: Probe[] = [];
for (let i = 0; i < mated; i++) probes.push({ mate: `id-${i}`, fingers: probeOf(i, 2 + (i % 2)) });
for (let i = 0; i < nonMated; i++) probes.push({ mate: undefined, fingers: probeOf(identities + i, 2) });

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function run(
  cascade: boolean,
  count = probes.length,
): Promise<{ results: SearchResult[]; cpuMs: number; comparisons: number }> {
  const results: SearchResult[] = [];
  const start = cpu();
  let comparisons = 0;
  for (const probe of probes.slice(0, count)) {
    const result = await gallery.search(probe.fingers, { cascade });
    comparisons += result.comparisons;
    results.push(result);
  }
  return { results, cpuMs: cpu() - start, comparisons };
}
const decision = (r: SearchResult): SearchCandidate | undefined => {
  let best: SearchCandidate | undefined;
  for (const c of r.candidates) if (!best || c.fpir < best.fpir) best = c;
  return best && best.fpir <= maxFpir ? best : undefined;
};

// A few searches in each mode first, so that neither pays for compiling the code the other warmed up.
await run(false, 10);
await run(true, 10);
const full = await run(false);
const cascade = await run(true);
let sameDecision = 0;
let sameRank1 = 0;
let sameTop10 = 0;
const mateFound = [0, 0];
const falseMatches = [0, 0];
let mateLost = 0;
probes.forEach((probe, i) => {
  const a = full.results[i]!;
  const b = cascade.results[i]!;
  const da = decision(a);
  const db = decision(b);
  if (da?.identity === db?.identity && da?.fpir === db?.fpir) sameDecision++;
  else
    console.log(
      `  probe ${i} (${probe.mate ?? "non-mated"}): decision ${da?.identity ?? "none"} ${da?.fpir ?? ""} vs cascade ${db?.identity ?? "none"} ${db?.fpir ?? ""}`,
    );
  if (a.candidates[0]?.identity === b.candidates[0]?.identity) sameRank1++;
  const top = (r: SearchResult) => r.candidates.map((c) => `${c.identity}:${c.fusedScore}`).join(",");
  if (top(a) === top(b)) sameTop10++;
  if (probe.mate) {
    if (da?.identity === probe.mate) mateFound[0]!++;
    if (db?.identity === probe.mate) mateFound[1]!++;
    const inFull = a.candidates.some((c) => c.identity === probe.mate);
    const inCascade = b.candidates.some((c) => c.identity === probe.mate);
    if (inFull && !inCascade) mateLost++;
  } else {
    if (da) falseMatches[0]!++;
    if (db) falseMatches[1]!++;
  }
});
const n = probes.length;
console.log(
  `${mated} mated + ${nonMated} non-mated tenprint probes against ${identities} identities (FPIR threshold ${maxFpir}):`,
);
console.log(
  `  same decision (identity and FPIR) ${sameDecision}/${n}; same rank 1 ${sameRank1}/${n}; same top-10 list ${sameTop10}/${n}`,
);
console.log(
  `  mates identified: full ${mateFound[0]}/${mated}, cascade ${mateFound[1]}/${mated}; mates in the full top 10 lost by the cascade: ${mateLost}`,
);
console.log(
  `  false matches of non-mated probes: full ${falseMatches[0]}/${nonMated}, cascade ${falseMatches[1]}/${nonMated}`,
);
console.log(
  `  CPU per search: full ${(full.cpuMs / n).toFixed(1)} ms (${(full.comparisons / n).toFixed(0)} comparisons), cascade ${(cascade.cpuMs / n).toFixed(1)} ms (${(cascade.comparisons / n).toFixed(0)} comparisons)`,
);
await gallery.close();
