import { extname } from "node:path";
import { DEFAULT_WSQ_BITRATE, decodeWsq, encodeWsq, WsqError } from "@tenprint/nist";
import { decodeImage, encodePgm, encodePng, ImageError } from "@tenprint/nist/image";
import type { Command } from "commander";
import { invalidInput, readInputSync, usageError, writeOutputSync } from "./cli-errors.js";

/** An image or WSQ stream that cannot be read is invalid input (exit 1), named by its file. */
function report(error: unknown, file: string): never {
  if (error instanceof WsqError || error instanceof ImageError)
    throw invalidInput(`${file}: ${error.message}`, error);
  throw error;
}

function parsePositive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0))
    throw usageError(`--${name} ${text}: expected a positive number`);
  return value;
}

function parseRawSize(text: string | undefined): { width: number; height: number } | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)x(\d+)$/i.exec(text);
  if (!match) throw usageError(`--raw ${text}: expected WIDTHxHEIGHT, e.g. 832x768`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

interface EncodeOptions {
  bitrate?: string;
  ppi?: string;
  raw?: string;
  comment?: string;
}

function runEncode(input: string, output: string, options: EncodeOptions): void {
  const bitrate = parsePositive("bitrate", options.bitrate) ?? DEFAULT_WSQ_BITRATE;
  const ppi = parsePositive("ppi", options.ppi);
  const raw = parseRawSize(options.raw);
  try {
    const image = decodeImage(readInputSync(input), {
      ...(ppi === undefined ? {} : { ppi }),
      ...(raw === undefined ? {} : { raw }),
    });
    const stream = encodeWsq(image, {
      bitrate,
      ...(options.comment === undefined ? {} : { comment: options.comment }),
    });
    writeOutputSync(output, stream);
    const pixels = image.width * image.height;
    const achieved = (stream.length * 8) / pixels;
    process.stdout.write(
      `${output}: ${image.width}x${image.height} at ${image.ppi} ppi, ${stream.length} bytes ` +
        `(${achieved.toFixed(3)} bpp for ${bitrate} requested, ${(pixels / stream.length).toFixed(1)}:1)\n`,
    );
  } catch (error) {
    report(error, input);
  }
}

function runDecode(input: string, output: string): void {
  const format = extname(output).toLowerCase();
  if (format !== ".png" && format !== ".pgm") throw usageError(`${output}: output must end in .png or .pgm`);
  try {
    const image = decodeWsq(readInputSync(input));
    writeOutputSync(output, format === ".png" ? encodePng(image) : encodePgm(image));
    process.stdout.write(`${output}: ${image.width}x${image.height} at ${image.ppi} ppi\n`);
  } catch (error) {
    report(error, input);
  }
}

export function registerWsqCommands(program: Command): void {
  const wsq = program.command("wsq").description("WSQ fingerprint image compression (FBI WSQ v3.1)");
  wsq
    .command("encode")
    .description("compress an 8-bit grayscale image to WSQ (as NBIS cwsq)")
    .argument("<in>", "image: png, pgm, tif, bmp, jpg, or raw 8-bit gray with --raw")
    .argument("<out>", "WSQ file to write")
    .option(
      "--bitrate <bpp>",
      `target bits per pixel (0.75 ≈ 15:1, 2.25 ≈ 5:1; default ${DEFAULT_WSQ_BITRATE})`,
    )
    .option(
      "--ppi <n>",
      "scanning resolution recorded in the NISTCOM comment (default: the image's, else 500)",
    )
    .option("--raw <WxH>", "the input is headerless 8-bit gray of this size")
    .option("--comment <text>", "comment to store (NISTCOM text is merged into the NISTCOM)")
    .action(runEncode);
  wsq
    .command("decode")
    .description("decompress a WSQ file to an 8-bit grayscale PNG or PGM (as NBIS dwsq)")
    .argument("<in>", "WSQ file")
    .argument("<out>", "image to write; the format follows the extension: .png or .pgm")
    .action(runDecode);
}
