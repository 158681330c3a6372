import type { FastifyInstance } from "fastify";
import { Gauge, Histogram, Registry } from "prom-client";
import { WORK_METRICS_REGISTRY } from "../services/work-metrics.js";
import { guarded } from "./api-caller.js";
import type { ApiContext } from "./api-context.js";
import { AUTHENTICATED_ERRORS } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

/** Metrics of one API instance: a registry of its own, so two hubs in one process never collide. */
export interface ApiMetrics {
  readonly registry: Registry;
  readonly requests: Histogram<"method" | "route" | "status">;
}

export function apiMetrics(): ApiMetrics {
  const registry = new Registry();
  const requests = new Histogram({
    name: "tenprint_http_request_duration_seconds",
    help: "HTTP requests by method, route template and status: rate from the count, latency from the buckets",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, requests };
}

/** Counts every response under its route template (never the raw URL, whose ids would explode the labels). */
export function recordRequests(app: FastifyInstance, metrics: ApiMetrics): void {
  app.addHook("onResponse", async (request, reply) => {
    metrics.requests.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? "unmatched",
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}

/** Gauges read from the database at each scrape: the work queue and the outbox as they stand. */
export function databaseGauges(context: ApiContext, registry: Registry): void {
  const db = context.db;
  const queue = new Gauge({
    name: "tenprint_queue_jobs",
    help: "Workflow jobs by kind and status",
    labelNames: ["kind", "status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db
        .selectFrom("jobs")
        .select(["kind", "status", (eb) => eb.fn.countAll<string>().as("n")])
        .where("status", "in", ["pending", "failed"])
        .groupBy(["kind", "status"])
        .execute();
      for (const row of rows) this.set({ kind: row.kind, status: row.status }, Number(row.n));
    },
  });
  const age = new Gauge({
    name: "tenprint_queue_oldest_age_seconds",
    help: "Age of the oldest pending workflow job, by kind",
    labelNames: ["kind"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const now = context.clock().getTime();
      const rows = await db
        .selectFrom("jobs")
        .select(["kind", (eb) => eb.fn.min("created_at").as("oldest")])
        .where("status", "=", "pending")
        .groupBy("kind")
        .execute();
      for (const row of rows)
        if (row.oldest) this.set({ kind: row.kind }, (now - new Date(row.oldest as Date).getTime()) / 1000);
    },
  });
  const messages = new Gauge({
    name: "tenprint_messages",
    help: "Outbox messages by type and status; status=failed counts deliveries that gave up",
    labelNames: ["type", "status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db
        .selectFrom("messages")
        .select(["type", "status", (eb) => eb.fn.countAll<string>().as("n")])
        .groupBy(["type", "status"])
        .execute();
      for (const row of rows) this.set({ type: row.type, status: row.status }, Number(row.n));
    },
  });
  const retrying = new Gauge({
    name: "tenprint_delivery_retrying_messages",
    help: "Pending messages whose webhook delivery has failed at least once",
    registers: [registry],
    async collect() {
      const row = await db
        .selectFrom("messages")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("status", "=", "pending")
        .where("attempts", ">", 0)
        .executeTakeFirstOrThrow();
      this.set(Number(row.n));
    },
  });
  void [queue, age, messages, retrying];
}

/**
 * `GET /v1/metrics`, Prometheus text format, for the operator (CJIS) and the programme office (PMO): a
 * scraper is configured with one of their keys as its bearer token. Counts and times only, no person or
 * booking, so scrapes are not audited (a scrape every 15 s would bury the audit log).
 */
export function metricsRoutes(metrics: ApiMetrics): ApiRoutes {
  return (app) => {
    app.get(
      "/metrics",
      guarded(["CJIS", "PMO"], {
        summary: "Prometheus metrics",
        description:
          "Request rate and latency by route, workflow queue depth and oldest age, outbox messages by status " +
          "(delivery failures), search times by repository and extraction times. Text exposition format; " +
          "not audited.",
        tags: ["operations"],
        response: {
          200: {
            description: "Prometheus text format",
            content: { "text/plain": { schema: { type: "string" } } },
          },
          ...AUTHENTICATED_ERRORS,
        },
      }),
      async (_request, reply) =>
        reply
          .type(metrics.registry.contentType)
          .send(`${await metrics.registry.metrics()}\n${await WORK_METRICS_REGISTRY.metrics()}`),
    );
  };
}
