/** Tuning constants of the hub services. */
export const SERVICE_PARAMETERS = {
  worker: {
    /**
     * A search job must finish within its lease or another worker retakes it. A tenprint search of a
     * large gallery on a busy machine takes seconds; minutes leave ample margin without stalling a crash.
     */
    leaseMs: 5 * 60_000,
    /** Extracted probes kept per worker: enough for every booking between its two searches. */
    probeCacheSize: 512,
  },
  delivery: {
    /** Messages claimed per deliverDue(); their POSTs run concurrently, so the batch finishes within one timeout. */
    batchSize: 50,
    /**
     * A claimed message is invisible to other deliverers for this long. It must exceed the HTTP timeout plus
     * the database writes after it, or a second deliverer retakes a message whose POST is still in flight.
     */
    leaseMs: 60_000,
    /** A receiver that has not answered by then counts as failed and is retried with backoff. */
    timeoutMs: 10_000,
    /** Receivers reject signatures older (or newer) than this, against replayed deliveries. */
    signatureToleranceSeconds: 300,
  },
  runtime: {
    /** Workflow loops per process: enough to overlap one search with the database work of the others. */
    workflowLoops: 4,
    /** Threads extracting booking images: extraction, not search, is the costliest step of a booking. */
    extractionThreads: 2,
    /** Templates per page when loading a gallery: small enough that the API answers between pages. */
    loadPageSize: 1000,
    /** How long an idle loop waits before looking again (a new submission wakes it at once). */
    idlePollMs: 200,
  },
  intake: {
    /**
     * Threads parsing and validating submitted files, off the request thread. One keeps the hub's other
     * work (API, searches) going whatever a file costs; files queue behind it in arrival order.
     */
    threads: 1,
    /** A file whose check takes longer is refused (422) and its thread replaced: the work is bounded. */
    checkTimeoutMs: 30_000,
    /** Heap of an intake thread: a file whose parse needs more is refused, the hub's own heap is untouched. */
    maxHeapMb: 768,
    /** Problems listed in a 422 (and in the ERRT's stored JSON); all are counted. */
    maxProblems: 100,
    /**
     * Text items (values) per file. A tenprint CAR has a few hundred; this leaves room for long criminal
     * histories while keeping a file's parse to tens of megabytes.
     */
    maxItems: 100_000,
  },
  auditCheckpoint: {
    /**
     * A signed checkpoint of the audit head at least this often while events arrive. Events after the last
     * checkpoint are protected by the hash chain only, and a rewrite is located to the span between two
     * checkpoints, so the interval bounds both (docs/decisions/0010-audit-checkpoints.md).
     */
    everyMs: 30_000,
    /** …and after this many events, whichever comes first. */
    everyEvents: 1000,
    /** How often the head is looked at. */
    pollMs: 2000,
  },
  /** Stated in the audit log for every search and disclosure the services perform. */
  purpose: "criminal identification",
} as const;
