/**
 * Whether a change to the extractor changes its output on the real prints: every image of the tuning and
 * validation sets (packages/afis/data/fingerprint-sets.json, FVC2002 B) is extracted, and a SHA-256 over
 * the templates (writeTenprintTemplate) is printed per set and database. With --baseline DIR (another copy
 * of the repository with its own node_modules, e.g. `git archive main | tar -x -C DIR`), DIR's extractor
 * runs on the same decoded images in this process and the templates that differ are counted: 0 means the
 * EER figures of generalisation.ts cannot have changed.
 *
 * Run: npx tsx --conditions=@tenprint/source packages/afis/bench/template-digest.ts [--baseline DIR]
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { decodeImage } from "@tenprint/nist/image";
import type { EvaluationSetManifest } from "../src/evaluation/evaluation-sets.js";
import { ppiForDatabase } from "../src/evaluation/fvc-files.js";
import { extractTemplate } from "../src/extractor/extract-template.js";
import { writeTenprintTemplate } from "../src/index.js";

const DATA = join(import.meta.dirname, "../../../../shared/data/fingerprints");
const MANIFEST = join(import.meta.dirname, "../data/fingerprint-sets.json");
const { values } = parseArgs({ options: { baseline: { type: "string" } } });

if (!existsSync(join(DATA, "fvc2002"))) {
  console.log(`FVC2002 data not found under ${DATA}; nothing to compare.`);
  process.exit(0);
}
const extractors: { name: string; extract: typeof extractTemplate }[] = [
  { name: "this tree", extract: extractTemplate },
];
if (values.baseline) {
  const afis = (await import(
    pathToFileURL(join(resolve(values.baseline), "packages/afis/src/index.ts")).href
  )) as { extractTemplate: typeof extractTemplate };
  extractors.push({ name: "baseline", extract: afis.extractTemplate });
}

const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as EvaluationSetManifest;
const groups = new Map<
  string,
  { hashes: ReturnType<typeof createHash>[]; images: number; differing: number }
>();
let cpu = extractors.map(() => 0);
for (const entry of manifest.entries) {
  const database = entry.database.split("/").pop() ?? entry.database;
  const image = decodeImage(readFileSync(join(DATA, entry.path)), { ppi: ppiForDatabase(entry.database) });
  const templates = extractors.map((extractor, i) => {
    const start = process.cpuUsage();
    const bytes = writeTenprintTemplate(extractor.extract(image));
    const used = process.cpuUsage(start);
    cpu[i]! += (used.user + used.system) / 1000;
    return Buffer.from(bytes);
  });
  const key = `${entry.set} ${database}`;
  const group = groups.get(key) ?? {
    hashes: extractors.map(() => createHash("sha256")),
    images: 0,
    differing: 0,
  };
  groups.set(key, group);
  group.images++;
  for (const [i, template] of templates.entries()) group.hashes[i]!.update(template);
  if (templates.some((template) => !template.equals(templates[0]!))) group.differing++;
}

console.log(
  `load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(" ")}`,
);
for (const [key, group] of [...groups].sort()) {
  const digests = group.hashes.map((hash) => hash.digest("hex").slice(0, 16));
  const compared = extractors.length > 1 ? `; templates differing from the baseline: ${group.differing}` : "";
  console.log(`${key}: ${group.images} images, sha256 ${digests.join(" / ")}${compared}`);
}
cpu = cpu.map((ms) => ms / manifest.entries.length);
console.log(extractors.map((e, i) => `${e.name}: ${cpu[i]!.toFixed(1)} ms CPU an image`).join("; "));
