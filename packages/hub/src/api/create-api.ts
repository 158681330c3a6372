import { createHash } from "node:crypto";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { authenticate, type DocumentedSchema } from "./api-caller.js";
import { type ApiContext, type ApiDeps, apiContext } from "./api-context.js";
import { ApiError, apiErrorHandler } from "./api-error.js";
import { apiKeyRoutes } from "./api-key-routes.js";
import { hubLogger, requestId } from "./api-logger.js";
import { API_PARAMETERS } from "./api-parameters.js";
import { SHARED_SCHEMAS } from "./api-schemas.js";
import { auditRoutes } from "./audit-routes.js";
import { isConsoleRoute, registerConsole, sendConsoleIndex } from "./console-static.js";
import { demoSignInRoute, type SignInAsSource } from "./demo-sign-in-route.js";
import { deploymentRoutes } from "./deployment-routes.js";
import { detainerRoutes } from "./detainer-routes.js";
import { directoryRoutes } from "./directory-routes.js";
import { healthRoute } from "./health-route.js";
import { jurisdictionRoutes } from "./jurisdiction-routes.js";
import { lescCaseRoutes } from "./lesc-case-routes.js";
import { LESC_CASE_SCHEMAS } from "./lesc-case-schemas.js";
import { lescRoutes } from "./lesc-routes.js";
import { meRoute } from "./me-route.js";
import { messageRoutes } from "./message-routes.js";
import { apiMetrics, databaseGauges, metricsRoutes, recordRequests } from "./metrics-routes.js";
import { refuseNulCharacters } from "./nul-character-guard.js";
import { printRoutes } from "./print-routes.js";
import { recordRoutes } from "./record-routes.js";
import { reportRoutes } from "./report-routes.js";
import { statisticsRoutes } from "./statistics-routes.js";
import { transactionRoutes } from "./transaction-routes.js";
import { webhookRoutes } from "./webhook-routes.js";

export interface ApiOptions {
  /** Largest EBTS file `POST /v1/transactions` accepts, in bytes; larger bodies get 413. */
  bodyLimit?: number;
  /**
   * The structured log (`hubLogger`). Without one, errors only go to stderr: a 500 says "it was logged",
   * so something always logs it.
   */
  logger?: Logger;
  /** Folder of the built web console (`@tenprint/console`), served at `/`; no console without it. */
  console?: string;
  /**
   * The demo's keys for the console's "sign in as" list at `GET /demo/credentials`. Only `tenprint demo`
   * passes them; without them the route does not exist. A function is asked on each request: the demo
   * serves while it seeds, and answers 503 until its keys exist (undefined).
   */
  signInAs?: SignInAsSource;
  /**
   * Requests each API key may make under `/v1` per window; `false` turns the limit off (tests that
   * hammer one key). Default `API_PARAMETERS.rateLimit`; `tenprint serve` reads `TENPRINT_RATE_LIMIT`.
   */
  rateLimit?: { readonly max: number; readonly timeWindowMs: number } | false;
}

/** Environment variable of `tenprint serve`'s quota: requests per key per minute, 0 for none. */
export const RATE_LIMIT_ENV = "TENPRINT_RATE_LIMIT";

/** The bucket a request counts against: its API key (hashed, never kept), or its address without one. */
function rateLimitKey(request: FastifyRequest): string {
  const token = /^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? "")?.[1];
  return token ? `key:${createHash("sha256").update(token).digest("hex").slice(0, 32)}` : `ip:${request.ip}`;
}

export type ApiRoutes = (
  app: FastifyInstance,
  context: ApiContext,
  options: Required<Pick<ApiOptions, "bodyLimit" | "logger">>,
) => void;

/**
 * The hub's HTTP API: `/health`, OpenAPI at `/docs`, and the agency endpoints under `/v1`, each
 * authenticated by API key and authorised by role and ORI. Call `ready()` (or `listen()`) before use.
 */
export function createApi(deps: ApiDeps, options: ApiOptions = {}): FastifyInstance {
  const resolved: Required<Pick<ApiOptions, "bodyLimit" | "logger">> = {
    bodyLimit: options.bodyLimit ?? API_PARAMETERS.ebtsBodyLimit,
    logger: options.logger ?? hubLogger({ level: "error", destination: 2 }),
  };
  const app = Fastify({
    // Typed as Fastify's logger so the instance keeps the default type every route module is written for.
    loggerInstance: resolved.logger as FastifyBaseLogger,
    genReqId: requestId,
    bodyLimit: API_PARAMETERS.jsonBodyLimit,
    // Unknown properties are refused by name rather than silently dropped.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  });
  const context = apiContext(deps);
  const metrics = apiMetrics();
  databaseGauges(context, metrics.registry);
  recordRequests(app, metrics);
  app.setErrorHandler(apiErrorHandler);
  // The id a caller quotes when reporting a problem: the same id is on every log line of the request.
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.setNotFoundHandler((request, reply) => {
    if (options.console !== undefined && isConsoleRoute(request)) return sendConsoleIndex(reply);
    throw new ApiError(404, "not_found", `no endpoint ${request.method} ${request.url.split("?")[0]}`);
  });
  for (const schema of [...SHARED_SCHEMAS, ...LESC_CASE_SCHEMAS]) app.addSchema(schema);
  app.addHook("onRoute", (route) => {
    const documented = route.schema as DocumentedSchema | undefined;
    const roles = documented?.["x-roles"];
    if (!roles) return;
    const regionScoped = documented?.["x-region-scoped"] === true;
    for (const method of [route.method].flat()) {
      if (method === "HEAD") continue;
      // Fastify writes parameters as `:id`; the OpenAPI document and the console name them `{id}`.
      context.operations.push({
        method,
        path: route.url.replace(/:(\w+)/g, "{$1}"),
        roles,
        ...(regionScoped ? { regionScoped } : {}),
      });
    }
  });

  app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Tenprint hub API",
        version: "1",
        description:
          "Interoperability hub: EBTS bookings in; SRE, IDR, IAQ, IAR and detainer notices out; " +
          "LESC, ERO, PMO and audit functions. Every read and disclosure is audited. Synthetic data only.",
      },
      components: {
        securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "Agency API key" } },
      },
      security: [{ apiKey: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  app.register(swaggerUi, { routePrefix: "/docs" });

  app.register(async (root) => healthRoute(root, context, resolved));
  const { signInAs } = options;
  if (signInAs) app.register(async (root) => demoSignInRoute(signInAs)(root, context, resolved));
  if (options.console !== undefined) registerConsole(app, options.console);
  const limit = options.rateLimit ?? API_PARAMETERS.rateLimit;
  app.register(
    async (v1) => {
      if (limit) {
        await v1.register(rateLimit, {
          // Not per route: as the scope's first hook, so requests with a wrong key count too.
          global: false,
          max: limit.max,
          timeWindow: limit.timeWindowMs,
          keyGenerator: rateLimitKey,
          errorResponseBuilder: (_request, exceeded) =>
            new ApiError(
              429,
              "rate_limited",
              `more than ${exceeded.max} requests in ${Math.round(limit.timeWindowMs / 1000)} s with this key; retry in ${exceeded.after}`,
            ),
        });
        v1.addHook("onRequest", v1.rateLimit());
      }
      v1.addHook(
        "onRequest",
        authenticate(context.storage.apiKeys, (ori) => context.storage.directory.regionOfCoordinator(ori)),
      );
      v1.addHook("preValidation", refuseNulCharacters);
      for (const routes of [
        meRoute,
        transactionRoutes,
        printRoutes,
        messageRoutes,
        webhookRoutes,
        apiKeyRoutes,
        jurisdictionRoutes,
        deploymentRoutes,
        directoryRoutes,
        auditRoutes,
        statisticsRoutes,
        reportRoutes,
        lescRoutes,
        lescCaseRoutes,
        detainerRoutes,
        recordRoutes,
        metricsRoutes(metrics),
      ])
        v1.register(async (scope) => routes(scope, context, resolved));
    },
    { prefix: "/v1" },
  );
  return app;
}
