import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig, type Plugin } from "vite";
import { countyPaths } from "./scripts/county-paths.js";

/**
 * The console builds to static files in dist/, which the hub serves at `/` (same origin as `/v1`).
 * `npm run dev -w @tenprint/console` serves the sources with the API proxied to a hub on :8080.
 */
const HUB = process.env.TENPRINT_HUB ?? "http://127.0.0.1:8080";

/** `virtual:county-paths`: the URL of the county outlines, an asset of the build (a route of the dev server). */
function countyPathsAsset(): Plugin {
  const id = "virtual:county-paths";
  const resolved = `\0${id}`;
  let serving = false;
  return {
    name: "tenprint-county-paths",
    configResolved(config) {
      serving = config.command === "serve";
    },
    configureServer(server) {
      server.middlewares.use("/county-paths.json", (_request, response) => {
        response.setHeader("content-type", "application/json");
        response.end(countyPaths().json);
      });
    },
    resolveId: (source) => (source === id ? resolved : undefined),
    load(loading) {
      if (loading !== resolved) return undefined;
      if (serving) return 'export default "/county-paths.json";';
      const { json, hash } = countyPaths();
      const fileName = `assets/county-paths-${hash}.json`;
      this.emitFile({ type: "asset", fileName, source: json });
      return `export default ${JSON.stringify(`/${fileName}`)};`;
    },
  };
}

/** Text files compressed once at build time, sent as they are by the hub (`preCompressed` in console-static.ts). */
const COMPRESSIBLE = /\.(?:html|js|css|json|svg)$/;

function precompressed(): Plugin {
  let outDir = "dist";
  return {
    name: "tenprint-precompressed",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
        const file = join(entry.parentPath, entry.name);
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), countyPathsAsset(), precompressed()],
  // The build bundles @tenprint/nist and the hub's browser entries as published (their compiled dist/,
  // decision 0013); the dev server reads their sources, so an edit shows without a rebuild.
  resolve: command === "serve" ? { conditions: ["@tenprint/source", ...defaultClientConditions] } : {},
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Reported by the shell-size bench; the limit below is only Vite's warning threshold.
    chunkSizeWarningLimit: 600,
  },
  worker: { format: "es" },
  server: {
    proxy: Object.fromEntries(["/v1", "/demo", "/docs", "/health"].map((path) => [path, HUB])),
  },
}));
