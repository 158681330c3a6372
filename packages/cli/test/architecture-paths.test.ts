import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * docs/ARCHITECTURE.md is the map a newcomer follows: every repository path it names (`packages/…`,
 * `docs/…`) must exist, so that a moved or deleted file shows up here rather than in a reader's shell.
 * A `*` segment matches any folder, so a glob names at least one existing path.
 */
const REPOSITORY = fileURLToPath(new URL("../../../", import.meta.url));
const DOCUMENT = "docs/ARCHITECTURE.md";

/** The repository paths a Markdown text names, without trailing punctuation. */
function namedPaths(markdown: string): string[] {
  const found = markdown.match(/\b(?:packages|docs)\/[A-Za-z0-9_.@*/-]+/g) ?? [];
  return [...new Set(found.map((path) => path.replace(/[./]+$/, "")))].sort();
}

/** Whether `path` exists under `root`, a `*` segment matching any entry. */
function pathExists(root: string, path: string): boolean {
  const [head, ...rest] = path.split("/");
  if (head === undefined || head === "") return true;
  if (head === "*") {
    if (!existsSync(root)) return false;
    return readdirSync(root).some((entry) => pathExists(join(root, entry), rest.join("/")));
  }
  return existsSync(join(root, head)) && pathExists(join(root, head), rest.join("/"));
}

describe(DOCUMENT, () => {
  it("names only paths that exist in the repository", () => {
    const paths = namedPaths(readFileSync(join(REPOSITORY, DOCUMENT), "utf8"));
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((path) => !pathExists(REPOSITORY, path))).toEqual([]);
  });

  it("finds a missing path and expands a * segment", () => {
    expect(namedPaths("see `packages/nist/src/nope.ts`, and packages/*/test.")).toEqual([
      "packages/*/test",
      "packages/nist/src/nope.ts",
    ]);
    expect(pathExists(REPOSITORY, "packages/nist/src/nope.ts")).toBe(false);
    expect(pathExists(REPOSITORY, "packages/*/test")).toBe(true);
    expect(pathExists(REPOSITORY, "packages/*/no-such-folder")).toBe(false);
  });
});
