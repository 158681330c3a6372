/**
 * Speed of the synthetic fingerprint generator on one thread.
 * Run: npx tsx packages/synth/bench/fingerprint.ts [fingers] [templates]
 */
import { loadavg } from "node:os";
import { masterMinutiae } from "../src/fingerprint/master-fingerprint.js";
import {
  generateImpression,
  generateMasterFingerprint,
  type MasterFingerprint,
  syntheticTemplates,
} from "../src/index.js";

const fingers = Number(process.argv[2] ?? 6);
const templates = Number(process.argv[3] ?? 50_000);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timed<T>(samples: number[], action: () => T): T {
  const started = performance.now();
  const result = action();
  samples.push(performance.now() - started);
  return result;
}

// Warm-up so the JIT has compiled the hot loops before anything is timed.
generateImpression(generateMasterFingerprint({ seed: 999_999 }), { impression: 1 });

const masterMs: number[] = [];
const truthMs: number[] = [];
const plainMs: number[] = [];
const rolledMs: number[] = [];
for (let f = 0; f < fingers; f++) {
  const master: MasterFingerprint = timed(masterMs, () => generateMasterFingerprint({ seed: 1000 + f }));
  timed(truthMs, () => masterMinutiae(master));
  for (let i = 1; i <= 8; i++) timed(plainMs, () => generateImpression(master, { impression: i }));
  timed(rolledMs, () => generateImpression(master, { impression: 1, kind: "rolled" }));
}

let minutiae = 0;
const cpuStarted = process.cpuUsage();
const started = performance.now();
for (const template of syntheticTemplates({ seed: 1, count: templates, impression: 1 }))
  minutiae += template.minutiae.length;
const templateSeconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const templateCpuSeconds = (cpu.user + cpu.system) / 1e6;

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} (2 cores shared)`,
);
console.log(
  `master finger (448×576, Gabor growth)   median ${median(masterMs).toFixed(0)} ms  (n=${masterMs.length})`,
);
console.log(`master ground-truth minutiae            median ${median(truthMs).toFixed(0)} ms`);
console.log(
  `plain impression 288×384 @500 ppi       median ${median(plainMs).toFixed(1)} ms  (n=${plainMs.length})`,
);
console.log(
  `rolled impression 416×544 @500 ppi      median ${median(rolledMs).toFixed(1)} ms  (n=${rolledMs.length})`,
);
console.log(
  `template-level generator                 ${Math.round(templates / templateSeconds).toLocaleString("en")} templates/s ` +
    `(${templates.toLocaleString("en")} in ${templateSeconds.toFixed(1)} s, ${(minutiae / templates).toFixed(1)} minutiae each; ` +
    `1,000,000 ≈ ${(1e6 / (templates / templateSeconds)).toFixed(0)} s); ` +
    `${Math.round(templates / templateCpuSeconds).toLocaleString("en")} per CPU-second`,
);
