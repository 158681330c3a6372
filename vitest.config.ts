import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * Tests read every @tenprint package from its TypeScript sources, never from a stale dist/ (decision
 * 0013): Vite resolves the `@tenprint/source` export condition, and so does every Node process a test
 * starts (the CLI, a hub process), through NODE_OPTIONS.
 */
const SOURCE_CONDITION = "@tenprint/source";
const nodeOptions = [process.env.NODE_OPTIONS, `--conditions=${SOURCE_CONDITION}`].filter(Boolean).join(" ");

export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_OPTIONS: nodeOptions },
  },
});
