import { expect, it } from "vitest";

// The package's public API (decision 0013): a name added here is a promise to users, so a change to this
// list is a change to review, not a side effect of exporting a helper for a test.
it("exports exactly its documented runtime names", async () => {
  const names = Object.keys(await import("../src/index.js")).sort();
  expect(names).toMatchInlineSnapshot(`
    [
      "DEMO_PARAMETERS",
      "DemoPortBusyError",
      "SimulationOptionError",
      "runDemo",
      "simulateYear",
      "synthTemplates",
      "syntheticDirectory",
      "syntheticStateDirectory",
    ]
  `);
});
