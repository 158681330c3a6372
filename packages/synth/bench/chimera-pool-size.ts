/**
 * Whether reusing source fingers shows against rendered probes (decision 0023): each rendered probe's
 * highest score over a gallery of chimeric fingers built from the first P sources of the pool, for
 * several P. If a smaller pool (fewer independent regions) left the maxima lower, a chimeric gallery
 * would hold fewer effective impostors than identities.
 *
 *   nice npx tsx packages/synth/bench/chimera-pool-size.ts --validation validation.jsonl --sources sources.jsonl \
 *     [--probes 100] [--gallery 1000] [--pools 400,100,50]
 */
import { loadavg } from "node:os";
import { FingerprintMatcher } from "@tenprint/afis";
import { chimeraPool } from "../src/fingerprint/chimeric-template.js";
import { chimericTemplates, loadChimeraPool, loadRendered } from "./template-model-agreement.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback;
const probes = loadRendered(option("validation", "validation.jsonl")).slice(
  0,
  Number(option("probes", "100")),
);
const full = loadChimeraPool(option("sources", "sources.jsonl"));
const gallerySize = Number(option("gallery", "1000"));
const cpu = process.cpuUsage();
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
for (const size of option("pools", "400,100,50").split(",").map(Number)) {
  const gallery = chimericTemplates(
    chimeraPool(full.sources.slice(0, size)),
    0x4d4158,
    gallerySize,
    "rolled",
    3,
  );
  const maxes = probes
    .map((f) => {
      const matcher = new FingerprintMatcher(f.rolled);
      return Math.max(...gallery.map((g) => matcher.compare(g)));
    })
    .sort((a, b) => a - b);
  const at = (q: number) => maxes[Math.min(maxes.length - 1, Math.floor(q * maxes.length))]!.toFixed(2);
  const mean = maxes.reduce((a, b) => a + b, 0) / maxes.length;
  console.log(
    `${size} sources: each probe's highest score over ${gallerySize} chimeras: mean ${mean.toFixed(2)}, ` +
      `median ${at(0.5)}, 90th percentile ${at(0.9)}, highest ${at(1)}`,
  );
}
const used = process.cpuUsage(cpu);
console.log(`CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`);
