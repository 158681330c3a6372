import { readFileSync } from "node:fs";
import { minVersion, satisfies } from "semver";
import { describe, expect, it } from "vitest";

/**
 * `npm ci` warns EBADENGINE when a locked dependency does not support the running Node. Every Node the
 * project's `engines` admits must be one every dependency admits: the lowest of them is checked against
 * the whole lock (development tools included), and each package's against what it installs.
 */
interface Locked {
  readonly version?: string;
  /** A workspace package: `resolved` is its folder. */
  readonly link?: boolean;
  readonly resolved?: string;
  readonly engines?: { readonly node?: string };
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

const root = new URL("../../../", import.meta.url);
const lock = JSON.parse(readFileSync(new URL("package-lock.json", root), "utf8")) as {
  packages: Readonly<Record<string, Locked>>;
};
const manifest = (path: string) =>
  JSON.parse(readFileSync(new URL(`${path}package.json`, root), "utf8")) as Locked & { name: string };

/** Where npm resolves `name` from the package at `from`: its own node_modules, then its parents'. */
function resolve(name: string, from: string): string | undefined {
  for (let at = from; ; at = at.slice(0, Math.max(0, at.lastIndexOf("/node_modules/")))) {
    const path = `${at === "" ? "" : `${at}/`}node_modules/${name}`;
    if (lock.packages[path]) return path;
    if (at === "") return undefined;
  }
}

/** The lock entries a package installs (its dependencies, theirs, …), by path; workspaces followed. */
function closure(start: string): string[] {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const path = queue.pop() ?? "";
    const entry = lock.packages[path];
    if (!entry || seen.has(path)) continue;
    if (entry.link && entry.resolved) {
      queue.push(entry.resolved);
      continue;
    }
    seen.add(path);
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const found = resolve(name, path);
      if (found) queue.push(found);
    }
  }
  return [...seen];
}

function unsupported(floor: string, paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    const wanted = lock.packages[path]?.engines?.node;
    return wanted && !satisfies(floor, wanted)
      ? [`${path} ${lock.packages[path]?.version}: node ${wanted}`]
      : [];
  });
}

describe("the Node versions the project admits", () => {
  it("are admitted by every locked dependency, development tools included", () => {
    const floor = minVersion(manifest("").engines?.node ?? "")?.version ?? "";
    expect(floor).not.toBe("");
    expect(unsupported(floor, Object.keys(lock.packages))).toEqual([]);
  });

  it.each(["afis", "cli", "hub", "nist", "synth", "threads"])(
    "are admitted by what @tenprint/%s installs",
    (name) => {
      const floor = minVersion(manifest(`packages/${name}/`).engines?.node ?? "")?.version ?? "";
      expect(floor).not.toBe("");
      expect(unsupported(floor, closure(`packages/${name}`))).toEqual([]);
    },
  );
});
