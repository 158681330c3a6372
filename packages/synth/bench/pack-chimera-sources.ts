/**
 * Packs rendered source fingers (rendered-templates.ts output, with anchors) into the pool that the
 * chimeric distractor generator ships with: src/fingerprint/data/chimera-sources.json (decision 0023).
 * The source seed must be one no probed person uses (not the tuning, validation, people or demo seeds).
 *
 *   npx tsx packages/synth/bench/pack-chimera-sources.ts --sources sources.jsonl [--count 400]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeChimeraSource } from "../src/fingerprint/chimera-sources.js";
import { loadChimeraPool } from "./template-model-agreement.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback;
const file = option("sources", "sources.jsonl");
const pool = loadChimeraPool(file);
const count = Math.min(pool.sources.length, Number(option("count", String(pool.sources.length))));
const sources = pool.sources.slice(0, count).map(encodeChimeraSource);
const out = join(import.meta.dirname, "../src/fingerprint/data/chimera-sources.json");
writeFileSync(
  out,
  `${JSON.stringify(
    {
      about:
        "Templates the engine extracted from rendered fingers (seed 0x53524345, rolled impression 1 and plain " +
        "impression 2), packed by packages/synth/bench/pack-chimera-sources.ts; see docs/decisions/0023.",
      sources,
    },
    null,
    2,
  )}\n`,
);
console.log(`${count} sources written to ${out}`);
