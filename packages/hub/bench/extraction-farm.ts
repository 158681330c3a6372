/**
 * Booking extraction in `tenprint extractor` processes (issue 13) against extraction in the hub's own
 * process: CPU per booking in the hub (what is left to it: sending images, reading templates) and in the
 * extractors, wall time per booking, and a SHA-256 over every template from each path (equal digests:
 * byte-for-byte equal templates). The bookings are booking-cpu.ts's cached CARs (14 engine-rendered WSQ
 * images each, 10 rolled prints extracted): run that bench once first.
 *
 * Run: npx tsx --conditions=@tenprint/source packages/hub/bench/extraction-farm.ts [--bookings 6]
 *        [--extractors 2] [--workers 1] [--rounds 2]      (needs NATS: $NATS_URL, else 127.0.0.1:4222;
 *        the extractors are the built CLI: npm run build:packages first)
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseTransaction } from "@tenprint/nist";
import { RemoteExtraction } from "../src/farm/remote-extraction.js";
import { connectFarm } from "../src/index.js";
import type { ProbeImage } from "../src/services/probe-image.js";
import { extractImage } from "../src/services/probe-image-extraction.js";
import { probeImages } from "../src/services/submission-probe.js";

const { values } = parseArgs({
  options: {
    bookings: { type: "string", default: "6" },
    extractors: { type: "string", default: "2" },
    workers: { type: "string", default: "1" },
    rounds: { type: "string", default: "2" },
  },
});
const bookingCount = Number(values.bookings);
const extractorCount = Number(values.extractors);
const rounds = Number(values.rounds);
const natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const prefix = `extraction_bench_${process.pid}`;
const CLI = fileURLToPath(new URL("../../cli/bin/tenprint.js", import.meta.url));

const dir = join(tmpdir(), `tenprint-booking-cpu-cars-${bookingCount}`);
const paths = Array.from({ length: bookingCount }, (_, i) => join(dir, `booking-${i}.eft`));
if (!paths.every((path) => existsSync(path)))
  throw new Error(
    `no cached CARs in ${dir}: run packages/hub/bench/booking-cpu.ts --bookings ${bookingCount} first`,
  );
const bookings: ProbeImage[][] = paths.map((path) =>
  probeImages(parseTransaction(new Uint8Array(readFileSync(path)))),
);

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
/** CPU milliseconds a process has used (utime + stime, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

// In the hub's own process, on this thread: the reference bytes and CPU.
const localDigest = createHash("sha256");
let start = process.cpuUsage();
for (const images of bookings) for (const image of images) extractImage(image);
const coldMs = cpuMs(start);
start = process.cpuUsage();
for (let round = 0; round < rounds; round++)
  for (const images of bookings) for (const image of images) localDigest.update(extractImage(image));
const localMs = cpuMs(start) / (rounds * bookingCount);
console.log(
  `local (hub thread): ${localMs.toFixed(0)} ms CPU per booking (first pass ${(coldMs / bookingCount).toFixed(0)}), sha256 ${localDigest.digest("hex").slice(0, 16)}; load ${load()}`,
);

const nc = await connectFarm(natsUrl, "extraction bench");
const children = Array.from({ length: extractorCount }, (_, i) => {
  const child = spawn(
    process.execPath,
    [
      CLI,
      "extractor",
      "--nats",
      natsUrl,
      "--prefix",
      prefix,
      "--workers",
      values.workers!,
      "--name",
      `x${i}`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
      if (/ ready: /.test(output)) resolve();
    });
    child.once("exit", () => reject(new Error(`extractor x${i} exited: ${output}`)));
  });
  return { child, ready };
});
try {
  await Promise.all(children.map((c) => c.ready));
  const remote = new RemoteExtraction(nc, { prefix, timeoutMs: 600_000 });
  // A first pass warms the extractors' compiler, as the hub's pool warms its threads.
  await Promise.all(bookings.map((images) => remote.extract(images)));
  const digest = createHash("sha256");
  const extractorsFrom = children.map((c) => processCpuMs(c.child.pid!));
  const wallFrom = performance.now();
  start = process.cpuUsage();
  for (let round = 0; round < rounds; round++) {
    // Every booking of a round at once, as a busy hub sends them.
    const answers = await Promise.all(bookings.map((images) => remote.extract(images)));
    for (const fingers of answers) for (const finger of fingers) digest.update(finger.bytes);
  }
  const hubMs = cpuMs(start) / (rounds * bookingCount);
  const wallMs = (performance.now() - wallFrom) / (rounds * bookingCount);
  const extractorMs =
    children.reduce((sum, c, i) => sum + processCpuMs(c.child.pid!) - extractorsFrom[i]!, 0) /
    (rounds * bookingCount);
  console.log(
    `${extractorCount} extractor(s) × ${values.workers} thread(s): hub ${hubMs.toFixed(1)} ms CPU per booking, extractors ${extractorMs.toFixed(0)} ms CPU per booking, ${wallMs.toFixed(0)} ms wall per booking; counts ${JSON.stringify(remote.counts())}; sha256 ${digest.digest("hex").slice(0, 16)}; load ${load()}`,
  );
} finally {
  for (const { child } of children) child.kill("SIGTERM");
  await nc.close();
}
