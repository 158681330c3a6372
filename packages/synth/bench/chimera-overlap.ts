/**
 * How chimeric distractors (decision 0023) score against each other: chimera against chimera where the
 * two share no source finger (the generated-vs-generated check of decision 0014, set beside rendered
 * against rendered), and where they share one or more (how near to duplicates a small pool makes them),
 * plus a chimera's rolled template against its own plain one (mates). Rolled probes, rolled gallery.
 *
 *   nice npx tsx packages/synth/bench/chimera-overlap.ts --sources sources.jsonl --validation validation.jsonl \
 *     [--chimeras 200] [--regions 3]
 */
import { loadavg } from "node:os";
import { FingerprintMatcher, scoreAtFmr } from "@tenprint/afis";
import { chimeraPlan, chimericTemplate } from "../src/fingerprint/chimeric-template.js";
import { crossScores, loadChimeraPool, loadRendered } from "./template-model-agreement.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback;
const pool = loadChimeraPool(option("sources", "sources.jsonl"));
const validation = loadRendered(option("validation", "validation.jsonl"));
const count = Number(option("chimeras", "200"));
const regions = Number(option("regions", "3"));
const SEED = 0x4f564c50;
const cpu = process.cpuUsage();

const chimeras = Array.from({ length: count }, (_, i) => {
  const options = { seed: SEED, identity: i, finger: (i % 10) + 1, regions };
  return {
    rolled: chimericTemplate(pool, { ...options, kind: "rolled" }),
    plain: chimericTemplate(pool, { ...options, kind: "plain" }),
    sources: new Set(chimeraPlan(pool, options).chosen),
  };
});

const share = (a: Set<number>, b: Set<number>) => [...a].some((s) => b.has(s));
const separate: number[] = [];
const shared: number[] = [];
for (let p = 0; p < count; p++) {
  const matcher = new FingerprintMatcher(chimeras[p]!.rolled);
  for (let g = 0; g < count; g++) {
    if (g === p) continue;
    (share(chimeras[p]!.sources, chimeras[g]!.sources) ? shared : separate).push(
      matcher.compare(chimeras[g]!.rolled),
    );
  }
}
const mates = chimeras.map((c) => new FingerprintMatcher(c.rolled).compare(c.plain));
const half = Math.floor(validation.length / 2);
const rendered = crossScores(
  validation.slice(0, half).map((f) => f.rolled),
  validation.slice(half, 2 * half).map((f) => f.rolled),
);
const q = (xs: ArrayLike<number>, p: number) => {
  const s = Float64Array.from(xs).sort();
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}; ${pool.sources.length} sources`,
);
console.log(
  `rendered vs rendered (${rendered.length} pairs): median ${q(rendered, 0.5).toFixed(2)}, ` +
    `s@1e-3 ${scoreAtFmr(rendered, 1e-3).toFixed(2)}, max ${q(rendered, 1).toFixed(2)}`,
);
console.log(
  `chimera vs chimera, no shared source (${separate.length} pairs): median ${q(separate, 0.5).toFixed(2)}, ` +
    `s@1e-3 ${scoreAtFmr(Float64Array.from(separate), 1e-3).toFixed(2)}, max ${q(separate, 1).toFixed(2)}`,
);
console.log(
  `chimera vs chimera, shared source (${shared.length} pairs): median ${q(shared, 0.5).toFixed(2)}, ` +
    `99th pct ${q(shared, 0.99).toFixed(2)}, max ${q(shared, 1).toFixed(2)}`,
);
console.log(
  `chimera rolled vs its plain (${mates.length} mates): median ${q(mates, 0.5).toFixed(2)}, min ${q(mates, 0).toFixed(2)}`,
);
const used = process.cpuUsage(cpu);
console.log(`CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`);
