import { guarded } from "./api-caller.js";
import { ApiError } from "./api-error.js";
import { AUTHENTICATED_ERRORS, ERROR_RESPONSES } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

const count = { type: "integer", minimum: 0 } as const;
const nullableCount = { type: "integer", minimum: 0, nullable: true } as const;

const matcherSchema = {
  type: "object",
  required: [
    "repository",
    "shard",
    "shards",
    "replica",
    "ready",
    "applied",
    "lag",
    "identities",
    "snapshotSeq",
  ],
  properties: {
    repository: { type: "string", enum: ["criminal", "ident"] },
    shard: count,
    shards: count,
    replica: { type: "string", description: "host:pid unless the matcher was named" },
    ready: {
      type: "boolean",
      description: "Caught up with the stream as of its start and answering searches",
    },
    applied: { ...count, description: "The last stream sequence it has applied" },
    lag: { ...count, description: "Events of the stream it has still to apply" },
    identities: { ...count, description: "Identities of its shard it holds" },
    snapshotSeq: { ...count, description: "The sequence of its last snapshot in the object store" },
  },
} as const;

const extractorSchema = {
  type: "object",
  required: ["extractor", "workers", "jobsDone", "skipped", "busy", "startedAt", "lastJobAt", "lastSeen"],
  properties: {
    extractor: { type: "string", description: "host:pid unless the extractor was named" },
    workers: { ...count, description: "Extraction threads (0: it extracts on its main thread)" },
    jobsDone: { ...count, description: "Images it extracted and answered since it started" },
    skipped: {
      ...count,
      description: "Images it dropped because the hub had stopped waiting (the hub extracted them)",
    },
    busy: { ...count, description: "Images it is extracting now" },
    startedAt: { type: "string", format: "date-time" },
    lastJobAt: {
      type: "string",
      format: "date-time",
      nullable: true,
      description: "When it last answered an image; null before its first",
    },
    lastSeen: { type: "string", format: "date-time", description: "When its status answer arrived" },
  },
} as const;

const clusterSchema = {
  type: "object",
  required: ["mode", "checkedAt", "prefix", "repositories", "extraction"],
  properties: {
    mode: {
      type: "string",
      enum: ["embedded", "farm"],
      description: "embedded: galleries in the hub's process; farm: matcher processes on NATS JetStream",
    },
    checkedAt: { type: "string", format: "date-time" },
    prefix: { type: "string", nullable: true, description: "The farm's stream and subject prefix" },
    repositories: {
      type: "array",
      items: {
        type: "object",
        required: ["repository", "identities", "streamSeq", "firstSeq", "shards", "uncovered", "matchers"],
        properties: {
          repository: { type: "string", enum: ["criminal", "ident"] },
          identities: {
            ...nullableCount,
            description: "Identities searched; null when a shard has no ready replica",
          },
          streamSeq: { ...nullableCount, description: "The enrolment stream's last sequence (farm)" },
          firstSeq: { ...nullableCount, description: "The first sequence the stream still holds (farm)" },
          shards: count,
          uncovered: {
            type: "array",
            items: count,
            description: "Shards without a ready replica: the repository's searches fail until one starts",
          },
          matchers: { type: "array", items: matcherSchema },
        },
      },
    },
    extraction: {
      type: "object",
      required: ["connected", "extractors"],
      description:
        "`tenprint extractor` processes connected to the farm; with none, the hub extracts booking images on its own threads",
      properties: {
        connected: { ...count, description: "Extractors that answered within a second" },
        extractors: { type: "array", items: extractorSchema },
      },
    },
  },
} as const;

/**
 * The matcher farm as `tenprint cluster status` shows it, for the people who run and oversee the service:
 * the operator (CJIS), the programme office and auditors. Counts and sequences only, nothing about a
 * person, so reads are not audited (as `/v1/metrics`).
 */
export const clusterRoute: ApiRoutes = (app, context) => {
  app.get(
    "/cluster",
    guarded(["PMO", "CJIS", "AUDITOR"], {
      summary:
        "Where the galleries are searched and images extracted: matchers by repository and shard, stream sequence and lag; extraction workers",
      description:
        "On a matcher farm (`tenprint serve --nats`) every replica that answers within a second, with the " +
        "stream sequence it has applied and its lag, the shards without a ready replica, and every " +
        "`tenprint extractor` connected (jobs done, last seen); embedded, " +
        "each gallery's size in the hub's process.",
      tags: ["operations"],
      response: { 200: clusterSchema, ...AUTHENTICATED_ERRORS, 503: ERROR_RESPONSES[503] },
    }),
    async () => {
      if (!context.cluster)
        throw new ApiError(503, "unavailable", "this hub runs without cluster information");
      return context.cluster.cluster();
    },
  );
};
