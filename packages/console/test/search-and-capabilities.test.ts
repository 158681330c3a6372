import { describe, expect, it } from "vitest";
import { navigationFor } from "../src/app/navigation.js";
import { parseBookingsSearch } from "../src/app/search-params.js";
import { can } from "../src/lib/capabilities.js";
import { API_ROLES, ROLE_NAMES } from "../src/lib/roles.js";

describe("what the console offers a role", () => {
  const lesc = { operations: [{ method: "GET", path: "/v1/lesc/queue" }] };
  const lea = {
    operations: [
      { method: "POST", path: "/v1/transactions" },
      { method: "GET", path: "/v1/transactions" },
    ],
  };

  it("follows the operations /v1/me lists, and nothing else", () => {
    expect(can(lesc, "GET /v1/lesc/queue")).toBe(true);
    expect(can(lesc, "POST /v1/transactions")).toBe(false);
    expect(can(undefined, "GET /v1/lesc/queue")).toBe(false);
    expect(navigationFor(lesc).map((item) => item.to)).toEqual(["/lesc/queue", "/ebts-viewer"]);
    expect(navigationFor(lea).map((item) => item.to)).toEqual(["/bookings", "/submit", "/ebts-viewer"]);
    expect(navigationFor({ operations: [] }).map((item) => item.to)).toEqual(["/ebts-viewer"]);
    // Each role starts on its main view: the first it may use.
    const get = (...paths: string[]) => ({ operations: paths.map((path) => ({ method: "GET", path })) });
    expect(navigationFor(get("/v1/detainers", "/v1/stats", "/v1/jurisdictions"))[0]?.to).toBe("/pmo/map");
    expect(navigationFor(get("/v1/transactions", "/v1/audit", "/v1/jurisdictions"))[0]?.to).toBe("/audit");
    expect(navigationFor(get("/v1/detainers", "/v1/ero/reviews"))[0]?.to).toBe("/ero/reviews");
  });

  it("names every role the hub has", () => {
    expect(Object.keys(ROLE_NAMES).sort()).toEqual([...API_ROLES].sort());
  });
});

describe("the bookings list's URL filters", () => {
  it("keeps valid filters and drops anything else", () => {
    expect(parseBookingsSearch({ state: "CLOSED", from: "2026-03-01", to: "2026-03-31", page: "3" })).toEqual(
      {
        state: "CLOSED",
        from: "2026-03-01",
        to: "2026-03-31",
        page: 3,
      },
    );
    expect(parseBookingsSearch({ state: "drop table", from: "yesterday", page: "-1", apiKey: "x" })).toEqual(
      {},
    );
    expect(parseBookingsSearch({ page: 1 })).toEqual({});
  });
});
