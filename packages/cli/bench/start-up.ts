/**
 * Cold start of the command, compiled (`dist/`, as installed) against the sources through tsx (the bin
 * under `--conditions=@tenprint/source`, as decision 0001 ran everything): wall time from spawn to exit
 * for `nist dump FILE`, and to the "serving" line for `serve` on PostgreSQL. The modes alternate.
 * Run: npx tsx packages/cli/bench/start-up.ts FILE [DATABASE_URL] [ROUNDS]
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../bin/tenprint.js", import.meta.url));
const [file, databaseUrl = "postgres://postgres@127.0.0.1:5432/postgres", rounds = "3"] =
  process.argv.slice(2);
if (!file) throw new Error("usage: start-up.ts FILE [DATABASE_URL] [ROUNDS]");

/** Milliseconds from spawn until `until` appears in the output (then the process is stopped), or to exit. */
function timed(args: string[], env: NodeJS.ProcessEnv, until?: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (until?.test(output)) {
        resolve(performance.now() - started);
        child.kill("SIGTERM");
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", () => {
      if (!until) resolve(performance.now() - started);
      else if (!until.test(output)) reject(new Error(`no ${until} in:\n${output}`));
    });
  });
}

const base: NodeJS.ProcessEnv = { ...process.env };
delete base.NODE_OPTIONS;
const modes: [string, NodeJS.ProcessEnv][] = [
  ["compiled", base],
  ["tsx", { ...base, NODE_OPTIONS: "--conditions=@tenprint/source" }],
];
const serve = ["serve", "--host", "127.0.0.1", "--port", "0", "--insecure-no-encryption", "--no-console"];
for (let round = 0; round < Number(rounds); round++) {
  for (const [mode, env] of modes) {
    const dump = await timed(["nist", "dump", file], env);
    const serving = await timed(serve, { ...env, DATABASE_URL: databaseUrl }, /serving/);
    console.log(
      `${mode.padEnd(8)} nist dump ${(dump / 1000).toFixed(1)} s   serve ${(serving / 1000).toFixed(1)} s`,
    );
  }
}
