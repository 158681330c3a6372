import { sql } from "kysely";
import type { ApiRoutes } from "./create-api.js";

/** Liveness for load balancers and `tenprint demo`: the database answers a trivial query. */
export const healthRoute: ApiRoutes = (app, context) => {
  app.get(
    "/health",
    {
      schema: {
        summary: "Whether the hub and its database answer",
        tags: ["health"],
        security: [],
        response: {
          200: { type: "object", properties: { status: { type: "string", enum: ["ok"] } } },
          503: {
            type: "object",
            properties: { status: { type: "string", enum: ["unavailable"] }, message: { type: "string" } },
          },
        },
      },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(context.db);
        return { status: "ok" };
      } catch (error) {
        request.log.warn({ err: error }, "health check: database unreachable");
        return reply.code(503).send({ status: "unavailable", message: "the database does not answer" });
      }
    },
  );
};
