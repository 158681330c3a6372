/** Tuning constants of the hub services. */
export const SERVICE_PARAMETERS = {
  worker: {
    /**
     * A search job must finish within its lease or another worker retakes it. A tenprint search of a
     * large gallery on a busy machine takes seconds; minutes leave ample margin without stalling a crash.
     */
    leaseMs: 5 * 60_000,
  },
  /** Booking images carry their own resolution, but EBTS mandates 500 ppi for tenprints. */
  probePpi: 500,
  /** Stated in the audit log for every search and disclosure the services perform. */
  purpose: "criminal identification",
} as const;
