/**
 * WSQ decode and encode speed and quality, side by side with NIST NBIS dwsq/cwsq in the same run.
 * Usage: npx tsx packages/nist/bench/wsq.ts [--runs 11]
 *
 * Inputs (from the shared data folder beside the repository, skipped when absent): the NIST SD14 golden
 * WSQ (832x768) and the 500 ppi FVC2002 print DB1_B/101_1.tif (388x374). Ours: median wall time of
 * in-process calls after
 * warm-up. NBIS: median wall time of whole process runs (spawn, read, code, write), so process start-up
 * is included; it is also measured alone ("-version") and subtracted for a second, "net" ratio.
 * Peers: the dwsq and cwsq binaries in $NBIS_BIN (default in README.md's test variables; skipped when
 * absent).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeImage } from "../src/image/index.js";
import { decodeWsq, encodeWsq, type GrayImage } from "../src/index.js";

const DATA = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../shared/data/fingerprints");
const NBIS_BIN = process.env.NBIS_BIN ?? "/work/peers/nbis/bin";
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 11;
const BITRATE = 0.75;

const hasPeers = existsSync(join(NBIS_BIN, "dwsq")) && existsSync(join(NBIS_BIN, "cwsq"));
if (!existsSync(DATA)) {
  console.log(`shared data not found at ${DATA}: nothing to measure`);
  process.exit(0);
}
if (!hasPeers) console.log(`NBIS dwsq/cwsq not found in ${NBIS_BIN} (set NBIS_BIN): peers skipped`);

const work = mkdtempSync(join(tmpdir(), "tenprint-wsq-bench-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** CPU seconds used so far by this process (self) and by its finished children, from /proc. */
function cpuMs(): { self: number; children: number } {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  const tick = 10; // USER_HZ is 100 on Linux
  const at = (i: number) => Number(fields[i - 3]) * tick;
  return { self: at(14) + at(15), children: at(16) + at(17) };
}

interface Timing {
  /** Median wall time of one run. */
  wall: number;
  /** Mean CPU time of one run (10 ms clock ticks averaged over the runs). */
  cpu: number;
}

/** Times in-process calls (ours) or process runs (peers); CPU time is robust to a busy machine. */
function timeIt(fn: () => void, children = false): Timing {
  for (let i = 0; i < 5; i++) fn();
  const times: number[] = [];
  const before = cpuMs();
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  const after = cpuMs();
  const used = children ? after.children - before.children : after.self - before.self;
  return { wall: median(times), cpu: used / RUNS };
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let squared = 0;
  for (let i = 0; i < a.length; i++) squared += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (squared / a.length));
}

function nbis(tool: "cwsq" | "dwsq", args: string[]): void {
  execFileSync(join(NBIS_BIN, tool), args, { cwd: work, stdio: "pipe" });
}

/** Writes a raw image for cwsq and returns the argument list that compresses it. */
function cwsqArgs(name: string, image: GrayImage): string[] {
  writeFileSync(join(work, `${name}.raw`), image.pixels);
  return [String(BITRATE), "wsq", `${name}.raw`, "-raw_in", `${image.width},${image.height},8,${image.ppi}`];
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const ratio = (ours: number, theirs: number) => (theirs > 0 ? (ours / theirs).toFixed(2) : "n/a");
const show = (t: Timing) => `${fmt(t.wall)} wall / ${fmt(t.cpu)} cpu`;
/** ours vs a peer process, whole and with the peer's start-up subtracted, by wall and by CPU time. */
function compare(label: string, peer: string, ours: Timing, theirs: Timing, startup: Timing): string {
  const net = { wall: theirs.wall - startup.wall, cpu: theirs.cpu - startup.cpu };
  return (
    `  ${label} ${show(ours)} vs ${peer} ${show(theirs)} (net of start-up ${show(net)})\n` +
    `    ratio wall ${ratio(ours.wall, theirs.wall)} (net ${ratio(ours.wall, net.wall)}), ` +
    `cpu ${ratio(ours.cpu, theirs.cpu)} (net ${ratio(ours.cpu, net.cpu)})`
  );
}

let startupDecode: Timing = { wall: 0, cpu: 0 };
let startupEncode: Timing = { wall: 0, cpu: 0 };
if (hasPeers) {
  // "-version" does no image work: the time is spawning the process and loading the binary.
  startupDecode = timeIt(() => nbis("dwsq", ["-version"]), true);
  startupEncode = timeIt(() => nbis("cwsq", ["-version"]), true);
  console.log(`NBIS process start-up ("-version"): dwsq ${show(startupDecode)}, cwsq ${show(startupEncode)}`);
}

const cases: Array<{ name: string; wsq: Uint8Array; original: GrayImage }> = [];
const goldenWsq = new Uint8Array(readFileSync(join(DATA, "sourceafis-testdata/wsq-original.wsq")));
cases.push({ name: "SD14 832x768", wsq: goldenWsq, original: decodeWsq(goldenWsq) });
const fvc = decodeImage(readFileSync(join(DATA, "fvc2002/DB1_B/101_1.tif")), { ppi: 500 });
cases.push({ name: "FVC2002 DB1 101_1 388x374", wsq: encodeWsq(fvc), original: fvc });

console.log(
  `${RUNS} runs: median wall time, mean CPU time; ratio = ours / NBIS (target <= 1.0); net = NBIS minus start-up\n`,
);
for (const { name, wsq, original } of cases) {
  const key = name.split(" ")[0]!.toLowerCase();
  const decodeMs = timeIt(() => decodeWsq(wsq));
  const encodeMs = timeIt(() => encodeWsq(original, { bitrate: BITRATE }));
  const ours = encodeWsq(original, { bitrate: BITRATE });
  const oursPsnr = psnr(original.pixels, decodeWsq(ours).pixels);
  const bpp = (bytes: number) => ((bytes * 8) / (original.width * original.height)).toFixed(3);
  console.log(`${name}`);
  if (!hasPeers) {
    console.log(`  decode ${show(decodeMs)}   encode ${show(encodeMs)}`);
    console.log(
      `  ${BITRATE} bpp requested: ${ours.length} bytes (${bpp(ours.length)} bpp), PSNR ${oursPsnr.toFixed(2)} dB`,
    );
    continue;
  }
  writeFileSync(join(work, `${key}.wsq`), wsq);
  const dwsqMs = timeIt(() => nbis("dwsq", ["raw", `${key}.wsq`, "-raw_out"]), true);
  const args = cwsqArgs(`${key}in`, original);
  const cwsqMs = timeIt(() => nbis("cwsq", args), true);
  const theirs = new Uint8Array(readFileSync(join(work, `${key}in.wsq`)));
  const dwsqPixels = new Uint8Array(readFileSync(join(work, `${key}.raw`)));
  const sameDecode =
    dwsqPixels.length === original.pixels.length &&
    decodeWsq(wsq).pixels.every((v, i) => v === dwsqPixels[i]);
  const theirPsnr = psnr(original.pixels, decodeWsq(theirs).pixels);
  const identical = theirs.length === ours.length && theirs.every((v, i) => v === ours[i]);
  console.log(
    `${compare("decode", "dwsq", decodeMs, dwsqMs, startupDecode)}; pixels identical to dwsq: ${sameDecode}`,
  );
  console.log(compare("encode", "cwsq", encodeMs, cwsqMs, startupEncode));
  console.log(
    `  ${BITRATE} bpp: ours ${ours.length} bytes (${bpp(ours.length)} bpp) PSNR ${oursPsnr.toFixed(2)} dB; ` +
      `cwsq ${theirs.length} bytes (${bpp(theirs.length)} bpp) PSNR ${theirPsnr.toFixed(2)} dB; ` +
      `delta ${(oursPsnr - theirPsnr).toFixed(2)} dB; byte-identical to cwsq: ${identical}`,
  );
}
