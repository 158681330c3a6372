import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { API_TYPES_FILE, generateApiTypes } from "../scripts/api-types.js";

describe("the console's API types", () => {
  it("are the ones the hub's OpenAPI document generates today", async () => {
    const committed = readFileSync(API_TYPES_FILE, "utf8");
    const generated = await generateApiTypes();
    // A hub change the console has not followed: run `npm run generate -w @tenprint/console`.
    expect(committed === generated, "src/lib/api/schema.gen.ts is stale").toBe(true);
  });
});
