import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { CONSOLE_BUILD_DIR, consoleBuilt } from "../build-location.js";

const CONSOLE_DIR = fileURLToPath(new URL("..", import.meta.url));
const REPOSITORY = join(CONSOLE_DIR, "..", "..");

/** What the bundle is made of: the console's sources and the parts of other packages it bundles. */
const SOURCES = [
  join(CONSOLE_DIR, "src"),
  join(CONSOLE_DIR, "index.html"),
  join(CONSOLE_DIR, "vite.config.ts"),
  join(CONSOLE_DIR, "scripts", "county-paths.ts"),
  join(CONSOLE_DIR, "package.json"),
  join(REPOSITORY, "packages", "nist", "src"),
  join(REPOSITORY, "packages", "hub", "src", "api", "api-roles.ts"),
  join(REPOSITORY, "packages", "hub", "src", "domain"),
];

function newestModification(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestModification(join(path, entry)));
  return newest;
}

/** Why the build must be (re)made, or undefined when dist/ is newer than everything it is made of. */
export function consoleBuildNeeded(): string | undefined {
  if (!consoleBuilt()) return "no build yet";
  const built = statSync(join(CONSOLE_BUILD_DIR, "index.html")).mtimeMs;
  const newest = Math.max(...SOURCES.map(newestModification));
  return newest > built ? "its sources changed since the last build" : undefined;
}

/** Builds the console into dist/ when it is absent or older than its sources; returns whether it built. */
export async function ensureConsoleBuild(print: (line: string) => void = () => {}): Promise<boolean> {
  const reason = consoleBuildNeeded();
  if (!reason) return false;
  const started = performance.now();
  print(`building the web console (${reason}) …`);
  // The bundle takes @tenprint/nist and the hub's browser entries from their compiled dist/ (decision
  // 0013): bring them up to date first (a no-op build takes about a second).
  const tsc = join(REPOSITORY, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-b", join(REPOSITORY, "tsconfig.build.json")], { stdio: "inherit" });
  // Under Vitest NODE_ENV is "test", which Vite keeps: React's development build would be bundled.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root: CONSOLE_DIR, configFile: join(CONSOLE_DIR, "vite.config.ts"), logLevel: "warn" });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  print(`web console built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
