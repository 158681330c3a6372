import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The root entry must run unchanged in a browser (the console's EBTS viewer bundles it): no Node
 * built-in, no library that needs one, no `Buffer`, no `process`. Image file I/O lives behind
 * `@tenprint/nist/image`. This walks the static import graph the way a bundler would.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/g;

function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (graph.has(file)) continue;
    const source = readFileSync(file, "utf8");
    const specifiers: string[] = [];
    for (const match of source.matchAll(IMPORT)) {
      // A type-only import disappears from the bundle, so it cannot pull Node in.
      if (/^(?:import|export)\s+type\s/.test(match[0])) continue;
      const specifier = match[1]!;
      specifiers.push(specifier);
      if (specifier.startsWith(".")) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
    }
    graph.set(file, specifiers);
  }
  return graph;
}

function codeOf(file: string): string {
  // Comments may name Buffer or node: in prose; only code counts.
  return readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:])\/\/.*$/gm, "$1");
}

describe("@tenprint/nist root entry in a browser", () => {
  const graph = importGraph(resolve(SRC, "index.ts"));

  it("reaches the codec, EBTS validation and WSQ", () => {
    const files = [...graph.keys()].map((file) => file.slice(SRC.length + 1));
    expect(files).toContain("an2k/transaction-parser.ts");
    expect(files).toContain("ebts/validate-transaction.ts");
    expect(files).toContain("wsq/wsq-decoder.ts");
  });

  it("imports no Node built-in and no package at all", () => {
    const external = [...graph.entries()].flatMap(([file, specifiers]) =>
      specifiers.filter((s) => !s.startsWith(".")).map((s) => `${file.slice(SRC.length + 1)} → ${s}`),
    );
    expect(external).toEqual([]);
  });

  it("uses neither Buffer nor process", () => {
    const offenders = [...graph.keys()].filter((file) => /\b(Buffer|process)\s*[.(]/.test(codeOf(file)));
    expect(offenders.map((file) => file.slice(SRC.length + 1))).toEqual([]);
  });

  it("keeps image file I/O out of the root", () => {
    const files = [...graph.keys()].map((file) => file.slice(SRC.length + 1));
    expect(files.filter((file) => file.startsWith("image/") && file !== "image/gray-image.ts")).toEqual([]);
  });
});
