#!/usr/bin/env node
// Runs the compiled CLI (dist/). Only under the workspace's `--conditions=@tenprint/source` (tests that
// start the command as a child process) does the package resolve to its TypeScript sources, which then
// run through tsx, a development dependency of the workspace (decision 0013).
const entry = import.meta.resolve("@tenprint/cli");
if (entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
