import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, vi } from "vitest";
import { main } from "../src/main.js";

export interface TenprintRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const text = (chunk: string | Uint8Array): string =>
  typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");

/**
 * Runs `tenprint <args>` in-process through the same `main` as bin/tenprint.js, and returns its exit code
 * and everything it wrote to stdout and stderr.
 */
export async function runTenprint(args: readonly string[]): Promise<TenprintRun> {
  let stdout = "";
  let stderr = "";
  // Commands signal failure through process.exitCode; a code left by an earlier run must not leak into
  // this one, nor this one's into the test runner's own exit code.
  process.exitCode = undefined;
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += text(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += text(chunk);
    return true;
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

/** A fresh directory under the system temp dir, removed once the calling test file has finished. */
export function scratchDirectory(name: string): string {
  const directory = mkdtempSync(join(tmpdir(), `tenprint-${name}-`));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}
