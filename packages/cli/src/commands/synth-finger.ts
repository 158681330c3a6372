import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { encodeWsq, type GrayImage } from "@tenprint/nist";
import { encodePgm, encodePng } from "@tenprint/nist/image";
import {
  datasetFingerSeed,
  generateMasterFingerprint,
  parseDatasetRequest,
  parseFingerRequest,
  SynthFingerError,
  syntheticFingerImage,
} from "@tenprint/synth";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { usageError } from "./cli-errors.js";

const IMAGE_EXTENSIONS = [".png", ".pgm", ".wsq"];

/** `tenprint synth finger` and `tenprint synth dataset`: synthetic fingerprint images (SFinGe-style). */
export function registerSynthFingerCommands(synth: Command): void {
  synth
    .command("finger")
    .description("one synthetic fingerprint: the clean master (impression 0) or an impression of it, 500 ppi")
    .option("--seed <n>", "finger seed, integer 0 … 2^53−1 (same seed → same finger); required")
    .option(
      "--class <name>",
      "arch, tented-arch, left-loop, right-loop or whorl (default: natural frequencies)",
    )
    .option("--impression <k>", "impression number; 0 = the clean master", "0")
    .option("--kind <kind>", "plain or rolled impression", "plain")
    .option("--ppi <n>", "output resolution (250–1000)", "500")
    .option("-o, --output <file>", "output image (.png, .pgm or .wsq at 0.75 bpp); required")
    .action((options: Record<string, unknown>) => {
      run(() => {
        const request = parseFingerRequest(options);
        const output = resolve(requiredOutput(options));
        checkImageExtension(output);
        checkWritableDirectory(dirname(output), false);
        const image = syntheticFingerImage(request);
        writeFileSync(output, encodeImage(image, output));
        process.stdout.write(
          `${output}: synthetic finger, ${image.width}x${image.height} at ${image.ppi} ppi\n`,
        );
      });
    });

  synth
    .command("dataset")
    .description("an FVC-style set of synthetic fingers: DIR/FFF_I.png, fingers numbered from 101")
    .option("--fingers <n>", "number of fingers (1–100000); required")
    .option("--impressions <k>", "impressions per finger (1–100); required")
    .option("--seed <n>", "dataset seed", "1")
    .option("--kind <kind>", "plain or rolled impressions", "plain")
    .option("--ppi <n>", "output resolution (250–1000)", "500")
    .option("--format <ext>", "image format of the files: png, pgm or wsq", "png")
    .option("-o, --output <dir>", "output directory (created if absent); required")
    .action((options: Record<string, unknown>) => {
      run(() => {
        const request = parseDatasetRequest(options);
        const extension = `.${String(options.format).toLowerCase()}`;
        checkImageExtension(extension);
        const directory = resolve(requiredOutput(options));
        checkWritableDirectory(directory, true);
        const total = request.fingers * request.impressions;
        const bar = new SingleBar({
          format: "synth dataset [{bar}] {value}/{total} images | {eta_formatted} left",
        });
        bar.start(total, 0);
        const fingers: { finger: number; seed: number; class: string }[] = [];
        for (let f = 0; f < request.fingers; f++) {
          const seed = datasetFingerSeed(request.seed, f);
          const master = generateMasterFingerprint({ seed });
          fingers.push({ finger: 101 + f, seed, class: master.fingerClass });
          for (let i = 1; i <= request.impressions; i++) {
            const image = syntheticFingerImage(
              { seed, impression: i, kind: request.kind, ppi: request.ppi },
              master,
            );
            const file = join(directory, `${101 + f}_${i}${extension}`);
            writeFileSync(file, encodeImage(image, file));
            bar.increment();
          }
        }
        bar.stop();
        writeFileSync(
          join(directory, "synthetic-dataset.json"),
          `${JSON.stringify({ synthetic: true, generator: "tenprint synth dataset", ...request, fingers }, null, 2)}\n`,
        );
        process.stdout.write(
          `${total} synthetic images (${request.fingers} fingers × ${request.impressions} impressions, ` +
            `${request.kind}, ${request.ppi} ppi, ${extension.slice(1)}) FFF_I${extension} and synthetic-dataset.json → ${directory}\n`,
        );
      });
    });
}

function run(action: () => void): void {
  try {
    action();
  } catch (error) {
    if (error instanceof SynthFingerError) throw usageError(error.message);
    throw error;
  }
}

/** Missing options are the caller's mistake like any other: exit code 2, not commander's 1. */
export function requiredOutput(options: Record<string, unknown>): string {
  if (typeof options.output !== "string" || options.output === "")
    throw new SynthFingerError("output", "is required (-o)");
  return options.output;
}

function checkImageExtension(path: string): void {
  if (!IMAGE_EXTENSIONS.includes((extname(path) || path).toLowerCase())) {
    throw new SynthFingerError(
      "output",
      `${path}: unsupported extension; use one of ${IMAGE_EXTENSIONS.join(", ")}`,
    );
  }
}

/**
 * Makes sure output can go to `directory` before any work starts, creating missing levels one at a
 * time (a recursive mkdir under /proc can spin instead of failing).
 */
export function checkWritableDirectory(directory: string, create: boolean): void {
  try {
    const missing: string[] = [];
    let existing = directory;
    while (!existsSync(existing)) {
      if (!create) throw new SynthFingerError("output", `directory ${existing} does not exist`);
      missing.unshift(existing);
      const parent = dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
    if (!statSync(existing).isDirectory())
      throw new SynthFingerError("output", `${existing} is not a directory`);
    accessSync(existing, constants.W_OK);
    for (const level of missing) mkdirSync(level);
  } catch (error) {
    if (error instanceof SynthFingerError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SynthFingerError("output", `cannot write to ${directory} (${reason})`);
  }
}

function encodeImage(image: GrayImage, path: string): Uint8Array {
  const extension = extname(path).toLowerCase();
  if (extension === ".pgm") return encodePgm(image);
  if (extension === ".wsq") return encodeWsq(image, { comment: "SYNTHETIC fingerprint (tenprint synth)" });
  return encodePng(image);
}
