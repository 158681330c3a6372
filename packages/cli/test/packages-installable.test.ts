import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureConsoleBuild } from "../../console/scripts/console-build.js";

/**
 * The packages as a user gets them (decision 0013): every workspace package packed with `npm pack`, the
 * tarballs installed into an empty project outside the repository, and used there by plain Node — no tsx,
 * no TypeScript, no `@tenprint/source` condition. The README examples of nist, afis, synth, threads
 * and demo run as written.
 * The install takes @tenprint packages from the tarballs only; their dependencies come from npm's cache
 * (filled by `npm ci`) or the registry.
 */

const REPOSITORY = fileURLToPath(new URL("../../../", import.meta.url));
const PACKAGES = ["threads", "nist", "afis", "synth", "hub", "demo", "console", "cli"];

/** The environment of a user's shell: none of the workspace's npm or Node settings. */
function userEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (key !== "NODE_OPTIONS" && !key.toLowerCase().startsWith("npm_")) env[key] = value;
  return env;
}

interface Packed {
  readonly name: string;
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
}

let work: string;
let project: string;
let packed: Packed[];

function run(
  command: string,
  args: readonly string[],
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd: project, env: userEnvironment(), encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tenprint(...args: string[]) {
  return run(join(project, "node_modules", ".bin", "tenprint"), args);
}

/** A synthetic CAR built by the installed command from the spec it ships. */
function carFile(): string {
  const file = join(project, "car.an2");
  if (!existsSync(file)) {
    const spec = join(project, "node_modules", "@tenprint", "cli", "examples", "synthetic-car.json");
    const built = tenprint("nist", "build", spec, "-o", file);
    if (built.code !== 0) throw new Error(`tenprint nist build failed:\n${built.stderr}`);
  }
  return file;
}

/** The first ```js block of a package's README, written into the project as a module. */
function readmeExample(name: string): string {
  const readme = readFileSync(join(REPOSITORY, "packages", name, "README.md"), "utf8");
  const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!code) throw new Error(`packages/${name}/README.md has no js example`);
  const file = join(project, `${name}-readme-example.mjs`);
  writeFileSync(file, code);
  return file;
}

describe("the packages installed from their tarballs", () => {
  beforeAll(async () => {
    // Up to date dist/ first: a no-op when `npm ci` (prepare) or `npm run build` already made it. The
    // console's tarball is its build, which the other browser tests make the same way.
    const tsc = join(REPOSITORY, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], { cwd: REPOSITORY, stdio: "pipe" });
    await ensureConsoleBuild();
    work = mkdtempSync(join(tmpdir(), "tenprint-installed-"));
    const packOutput = execFileSync(
      "npm",
      [
        "pack",
        "--json",
        "--pack-destination",
        work,
        ...PACKAGES.map((name) => `--workspace=@tenprint/${name}`),
      ],
      { cwd: REPOSITORY, env: userEnvironment(), encoding: "utf8" },
    );
    packed = JSON.parse(packOutput) as Packed[];
    project = join(work, "project");
    mkdirSync(project);
    // Overrides: a package's own "@tenprint/nist": "0.1.0" must take the tarball too, never the registry.
    const tarballs = Object.fromEntries(packed.map((p) => [p.name, `file:../${p.filename}`]));
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "a-user",
        private: true,
        type: "module",
        dependencies: tarballs,
        overrides: tarballs,
      }),
    );
    const install = run("npm", [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ]);
    if (install.code !== 0) throw new Error(`npm install of the tarballs failed:\n${install.stderr}`);
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("packs every package with its compiled dist/ and declarations, installs without tsx or TypeScript", () => {
    for (const p of packed)
      console.log(
        `${p.name}: tarball ${(p.size / 1024).toFixed(0)} KB, installed ${(p.unpackedSize / 1024).toFixed(0)} KB, ${p.entryCount} files`,
      );
    expect(packed.map((p) => p.name).sort()).toEqual(PACKAGES.map((name) => `@tenprint/${name}`).sort());
    for (const name of ["threads", "nist", "afis", "synth", "hub", "demo", "cli"]) {
      const installed = join(project, "node_modules", "@tenprint", name);
      const main = name === "cli" ? "main" : "index";
      expect(existsSync(join(installed, "dist", `${main}.js`)), name).toBe(true);
      expect(existsSync(join(installed, "dist", `${main}.d.ts`)), name).toBe(true);
      expect(existsSync(join(installed, "dist", `${main}.js.map`)), name).toBe(true);
    }
    expect(existsSync(join(project, "node_modules", "@tenprint", "console", "dist", "index.html"))).toBe(
      true,
    );
    expect(existsSync(join(project, "node_modules", "tsx"))).toBe(false);
    expect(existsSync(join(project, "node_modules", "typescript"))).toBe(false);
  });

  it("runs tenprint --help and tenprint nist dump from the installed command", () => {
    const help = tenprint("--help");
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain("nist");
    const dump = tenprint("nist", "dump", carFile());
    expect(dump.code, dump.stderr).toBe(0);
    expect(dump.stdout).toContain("record 0: Type-1");
    expect(dump.stdout).toContain("1.004          CAR");
  });

  it("parses, validates and rewrites an EBTS file and decodes its WSQ prints with @tenprint/nist (README)", () => {
    const example = run(process.execPath, [readmeExample("nist"), carFile()]);
    expect(example.code, example.stderr).toBe(0);
    expect(example.stdout.split("\n")).toEqual([
      "4 records",
      "valid",
      "rewritten identically",
      "Type-14 image 160x200 at 500 ppi",
      "Type-14 image 160x200 at 500 ppi",
      "",
    ]);
  });

  it("extracts and compares two prints of one finger with @tenprint/afis (README)", () => {
    for (const [impression, file] of [
      ["1", "a.png"],
      ["2", "b.png"],
    ] as const)
      expect(tenprint("synth", "finger", "--seed", "7", "--impression", impression, "-o", file).code).toBe(0);
    const example = run(process.execPath, [readmeExample("afis"), "a.png", "b.png"]);
    expect(example.code, example.stderr).toBe(0);
    expect(example.stdout).toMatch(/^minutiae: \d+ and \d+\n/);
    expect(example.stdout).toMatch(/estimated FMR [^:]+: match\n/);
    expect(example.stdout).toMatch(/ISO\/IEC 19794-2 template: \d+ bytes/);
  });

  it("renders synthetic fingers and people with @tenprint/synth (README)", () => {
    const example = run(process.execPath, [readmeExample("synth")]);
    expect(example.code, example.stderr).toBe(0);
    expect(example.stdout).toContain("finger-7-2.png: 288x384 at 500 ppi");
    expect(example.stdout).toMatch(/SYN-P-0000003 /);
    expect(existsSync(join(project, "finger-7-1.png"))).toBe(true);
  });

  it("installs a hub that neither depends on nor imports the synthetic-data packages", () => {
    const hub = join(project, "node_modules", "@tenprint", "hub");
    const manifest = JSON.parse(readFileSync(join(hub, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain("@tenprint/synth");
    const compiled = readdirSync(join(hub, "dist"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".js"))
      .filter((file) =>
        /["']@tenprint\/(synth|demo)["']/.test(readFileSync(join(hub, "dist", file), "utf8")),
      );
    expect(compiled).toEqual([]);
  });

  it("lists a synthetic state's directory with @tenprint/demo (README)", () => {
    const example = run(process.execPath, [readmeExample("demo")]);
    expect(example.code, example.stderr).toBe(0);
    expect(example.stdout).toMatch(/^\d+ jurisdictions, \d+ agencies\nfirst booking agency: VT\w{7} /);
  });

  it("runs tasks on a pool of threads with @tenprint/threads (README)", () => {
    const example = run(process.execPath, [readmeExample("threads")]);
    expect(example.code, example.stderr).toBe(0);
    expect(example.stdout).toBe("1 4 9 16\n");
  });

  it("bundles the installed @tenprint/nist for a browser: nothing of Node in it, and it decodes there", async () => {
    const entry = join(project, "browser-entry.js");
    writeFileSync(entry, 'export { decodeWsq, encodeWsq, parseTransaction } from "@tenprint/nist";\n');
    const output = await build({
      root: project,
      configFile: false,
      logLevel: "silent",
      build: {
        write: false,
        minify: false,
        lib: { entry, formats: ["iife"], name: "tenprintNist", fileName: "nist" },
      },
    });
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) =>
      "output" in result ? result.output : [],
    );
    const code = chunks.map((chunk) => ("code" in chunk ? chunk.code : "")).join("\n");
    expect(code).not.toMatch(/node:|__vite-browser-external|require\(/);
    // A context with the language's globals only: no process, Buffer, require or fs. Arrays are made
    // inside it (its Uint8Array is not this realm's).
    const context: Record<string, unknown> = { TextDecoder, TextEncoder, car: [...readFileSync(carFile())] };
    const answer = runInNewContext(
      `${code}
      const pixels = new Uint8Array(96 * 96).map((_, i) => (i * 7) % 251);
      const decoded = tenprintNist.decodeWsq(tenprintNist.encodeWsq({ width: 96, height: 96, ppi: 500, pixels }));
      const transaction = tenprintNist.parseTransaction(new Uint8Array(car));
      [decoded.width, decoded.height, transaction.records.length].join(" ");`,
      context,
    );
    expect(answer).toBe("96 96 4");
  });
});
