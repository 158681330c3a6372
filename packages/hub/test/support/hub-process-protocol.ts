import type { DatabaseOptions } from "../../src/index.js";

/** What the test passes to a hub process (hub-process.ts) and the JSON lines it prints back. */
export interface HubProcessConfig {
  readonly database: DatabaseOptions;
  /**
   * Added to this process's clock. A killed hub leaves its jobs leased for minutes (the lease is how a
   * crash is detected); each restart runs later than the leases of the processes killed before it, as a
   * restart after that time would, instead of the test waiting minutes of real time.
   */
  readonly clockOffsetMs: number;
  readonly maxMs: number;
  readonly progressEveryMs: number;
}

export const HUB_PROCESS_CONFIG_ENV = "TENPRINT_HUB_PROCESS_CONFIG";

export type HubProcessLine =
  | { readonly event: "ready"; readonly openMs: number }
  | { readonly event: "progress" | "done" | "timeout"; readonly at: number; readonly counts: HubCounts };

export interface HubCounts {
  readonly open: number;
  readonly closed: number;
  readonly pendingJobs: number;
  readonly failedJobs: number;
  readonly pendingMessages: number;
  readonly delivered: number;
}
