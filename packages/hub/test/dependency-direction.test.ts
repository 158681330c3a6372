import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The hub stands on its own: a deployment never carries the synthetic-data generator or the demo world.
// @tenprint/synth may serve the hub's tests and benches (a devDependency), never its production code.
const HUB = fileURLToPath(new URL("..", import.meta.url));
const FORBIDDEN = ["@tenprint/synth", "@tenprint/demo"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g))
    found.push(match[1]!);
  return found;
}

describe("the hub's dependencies point away from synthetic data", () => {
  it("lists neither synth nor demo among its dependencies", () => {
    const manifest = JSON.parse(readFileSync(join(HUB, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const runtime = {
      ...manifest.dependencies,
      ...manifest.peerDependencies,
      ...manifest.optionalDependencies,
    };
    expect(Object.keys(runtime).filter((name) => FORBIDDEN.includes(name))).toEqual([]);
  });

  it("imports neither synth nor demo from src, by name or by relative path", () => {
    const src = join(HUB, "src");
    const offending = sourceFiles(src).flatMap((file) =>
      specifiers(readFileSync(file, "utf8"))
        .filter(
          (specifier) =>
            FORBIDDEN.some((name) => specifier === name || specifier.startsWith(`${name}/`)) ||
            /(^|\/)(synth|demo)\/src\//.test(specifier),
        )
        .map((specifier) => `${relative(HUB, file)}: ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it("finds the imports it looks for", () => {
    // The scan above passes vacuously if the pattern misses an import form; check it on each form.
    expect(
      specifiers(
        'import { a } from "@tenprint/synth";\nexport * from "@tenprint/demo";\nawait import("../../synth/src/x.js");\nimport "@tenprint/synth/side";',
      ),
    ).toEqual(["@tenprint/synth", "@tenprint/demo", "../../synth/src/x.js", "@tenprint/synth/side"]);
  });
});
