/**
 * Cold start of the command in three modes, alternated in one run:
 * - compiled: the bin as installed (`dist/`), which imports only the running command's module;
 * - eager: the same, with every command module imported first (what `src/program.ts` did before it
 *   loaded modules lazily), to show what the lazy loading saves;
 * - tsx: the bin under `--conditions=@tenprint/source`, the TypeScript sources through tsx.
 * For `--help` and `nist dump FILE` it measures spawn to exit; for `serve` (PostgreSQL), spawn to its
 * "serving" line. CPU is the child's user + system time (/usr/bin/time at exit; /proc/PID/stat at the
 * "serving" line). Prints every run, then medians and the tsx / compiled ratios.
 * Run: node --import tsx packages/cli/bench/start-up.ts FILE [DATABASE_URL] [ROUNDS]
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const BIN = fileURLToPath(new URL("../bin/tenprint.js", import.meta.url));
const DIST_COMMANDS = fileURLToPath(new URL("../dist/commands/", import.meta.url));
const [file, databaseUrl = "postgres://postgres@127.0.0.1:5432/postgres", rounds = "5"] =
  process.argv.slice(2);
if (!file) throw new Error("usage: start-up.ts FILE [DATABASE_URL] [ROUNDS]");

interface Run {
  readonly wall: number;
  readonly cpu: number;
}

const TICKS_PER_SECOND = 100;

/** User + system seconds of a running process, from /proc. */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Spawn to exit, with CPU from /usr/bin/time (its last stderr line). */
function toExit(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("/usr/bin/time", ["-f", "cpu %U %S", process.execPath, BIN, ...args], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("exit", () => {
      const wall = (performance.now() - started) / 1000;
      const match = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      if (!match) reject(new Error(`no CPU time in:\n${stderr}`));
      else resolve({ wall, cpu: Number(match[1]) + Number(match[2]) });
    });
  });
}

/** Spawn to the first output matching `until`; the process is then stopped. */
function toLine(args: string[], env: NodeJS.ProcessEnv, until: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let done = false;
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (done || !until.test(output)) return;
      done = true;
      const wall = (performance.now() - started) / 1000;
      resolve({ wall, cpu: cpuOf(child.pid ?? 0) });
      child.kill("SIGTERM");
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", () => {
      if (!done) reject(new Error(`no ${until} in:\n${output}`));
    });
  });
}

const eagerPreload = join(tmpdir(), "tenprint-start-up-eager.mjs");
writeFileSync(
  eagerPreload,
  readdirSync(DIST_COMMANDS)
    .filter((name) => name.endsWith(".js"))
    .map((name) => `await import(${JSON.stringify(pathToFileURL(join(DIST_COMMANDS, name)).href)});`)
    .join("\n"),
);

const base: NodeJS.ProcessEnv = { ...process.env };
delete base.NODE_OPTIONS;
const modes: [string, NodeJS.ProcessEnv][] = [
  ["compiled", base],
  ["eager", { ...base, NODE_OPTIONS: `--import=${pathToFileURL(eagerPreload).href}` }],
  ["tsx", { ...base, NODE_OPTIONS: "--conditions=@tenprint/source" }],
];
const serve = ["serve", "--host", "127.0.0.1", "--port", "0", "--insecure-no-encryption", "--no-console"];
const commands: [string, (env: NodeJS.ProcessEnv) => Promise<Run>][] = [
  ["--help", (env) => toExit(["--help"], env)],
  ["nist dump FILE", (env) => toExit(["nist", "dump", file], env)],
  ["serve (to serving)", (env) => toLine(serve, { ...env, DATABASE_URL: databaseUrl }, /serving/)],
];

const runs = new Map<string, Run[]>();
const loads: number[] = [];
for (let round = 0; round < Number(rounds); round++) {
  for (const [command, run] of commands) {
    for (const [mode, env] of modes) {
      loads.push(loadavg()[0] ?? 0);
      const result = await run(env);
      const key = `${command}|${mode}`;
      runs.set(key, [...(runs.get(key) ?? []), result]);
      console.log(
        `round ${round + 1} ${command.padEnd(20)} ${mode.padEnd(8)} wall ${result.wall.toFixed(2)} s  cpu ${result.cpu.toFixed(2)} s`,
      );
    }
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
console.log(
  `\nload average (1 min) during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
);
console.log(
  "| command | compiled: wall, CPU | eager compiled: wall, CPU | tsx: wall, CPU | tsx/compiled wall, CPU |",
);
console.log("|---|---|---|---|---|");
for (const [command] of commands) {
  const of = (mode: string) => {
    const list = runs.get(`${command}|${mode}`) ?? [];
    return { wall: median(list.map((r) => r.wall)), cpu: median(list.map((r) => r.cpu)) };
  };
  const [compiled, eager, tsx] = [of("compiled"), of("eager"), of("tsx")];
  const cell = (r: Run) => `${r.wall.toFixed(2)} s, ${r.cpu.toFixed(2)} s`;
  console.log(
    `| \`${command}\` | ${cell(compiled)} | ${cell(eager)} | ${cell(tsx)} | ${(tsx.wall / compiled.wall).toFixed(1)}×, ${(tsx.cpu / compiled.cpu).toFixed(1)}× |`,
  );
}
