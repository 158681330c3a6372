import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The console builds to static files in dist/, which the hub serves at `/` (same origin as `/v1`).
 * `npm run dev -w @tenprint/console` serves the sources with the API proxied to a hub on :8080.
 */
const HUB = process.env.TENPRINT_HUB ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
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
});
