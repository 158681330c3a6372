import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeTenprintTemplate } from "@tenprint/afis";
import { batchTemplate, SynthFingerError, syntheticGallery, type TemplateBatch } from "@tenprint/synth";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { usageError } from "./cli-errors.js";
import { checkWritableDirectory, requiredOutput } from "./synth-finger.js";

/** Ten files per identity: beyond this a folder is the wrong container (use syntheticGallery in code). */
const MAX_GALLERY_IDENTITIES = 100_000;

interface GalleryRequest {
  readonly identities: number;
  readonly fingers: number;
  readonly impression: number;
  readonly seed: number;
  readonly workers?: number;
}

/** `tenprint synth gallery`: a template-level distractor gallery in the folder layout `afis identify` reads. */
export function registerSynthGalleryCommand(synth: Command): void {
  synth
    .command("gallery")
    .description(
      "a synthetic distractor gallery of minutiae templates (no images): DIR/synthetic-NNNNNNN/PP_plain.tpt, one folder per identity, as `tenprint afis identify --gallery DIR` reads",
    )
    .option("--identities <n>", `identities (1–${MAX_GALLERY_IDENTITIES}); required`)
    .option("--fingers <n>", "finger positions 1…n per identity (1–10)", "10")
    .option("--impression <k>", "impression number; 0 = the masters (enrolled as rolled prints)", "1")
    .option("--seed <n>", "gallery seed", "1")
    .option("--workers <n>", "worker threads (default: available cores)")
    .option("-o, --output <dir>", "output directory (created if absent); required")
    .action(async (options: Record<string, unknown>) => {
      try {
        const request = parseGalleryRequest(options);
        const directory = resolve(requiredOutput(options));
        checkWritableDirectory(directory, true);
        await writeGallery(request, directory);
      } catch (error) {
        if (error instanceof SynthFingerError) throw usageError(error.message);
        throw error;
      }
    });
}

function parseGalleryRequest(options: Record<string, unknown>): GalleryRequest {
  if (options.identities === undefined) throw new SynthFingerError("identities", "is required");
  return {
    identities: whole("identities", options.identities, 1, MAX_GALLERY_IDENTITIES),
    fingers: whole("fingers", options.fingers, 1, 10),
    impression: whole("impression", options.impression, 0, 1_000_000),
    seed: whole("seed", options.seed, 0, Number.MAX_SAFE_INTEGER),
    ...(options.workers === undefined ? {} : { workers: whole("workers", options.workers, 0, 256) }),
  };
}

function whole(parameter: string, value: unknown, min: number, max: number): number {
  const text = String(value).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new SynthFingerError(parameter, `expected a whole number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

async function writeGallery(request: GalleryRequest, directory: string): Promise<void> {
  const digits = Math.max(7, String(request.identities - 1).length);
  const suffix = request.impression === 0 ? "" : "_plain";
  const bar = new SingleBar({
    format: "synth gallery [{bar}] {value}/{total} identities | {eta_formatted} left",
    stream: process.stderr,
  });
  bar.start(request.identities, 0);
  const batches = syntheticGallery({
    seed: request.seed,
    identities: request.identities,
    fingersPerIdentity: request.fingers,
    impression: request.impression,
    ...(request.workers === undefined ? {} : { workers: request.workers }),
  });
  try {
    for await (const batch of batches) {
      writeBatch(batch, directory, digits, suffix);
      bar.increment(batch.identities);
    }
  } finally {
    bar.stop();
  }
  writeFileSync(
    join(directory, "synthetic-gallery.json"),
    `${JSON.stringify({ synthetic: true, generator: "tenprint synth gallery", ...request }, null, 2)}\n`,
  );
}

function writeBatch(batch: TemplateBatch, directory: string, digits: number, suffix: string): void {
  for (let k = 0; k < batch.identities; k++) {
    const folder = join(directory, `synthetic-${String(batch.firstIdentity + k).padStart(digits, "0")}`);
    mkdirSync(folder, { recursive: true });
    for (let f = 0; f < batch.fingersPerIdentity; f++) {
      const template = batchTemplate(batch, k * batch.fingersPerIdentity + f);
      writeFileSync(
        join(folder, `${String(f + 1).padStart(2, "0")}${suffix}.tpt`),
        writeTenprintTemplate(template),
      );
    }
  }
}
