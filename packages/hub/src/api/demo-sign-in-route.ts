import { API_ROLES, type ApiRole } from "./api-roles.js";
import { ERROR_RESPONSES } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

/** One of the demo's keys as the console's "sign in as" list offers it. */
export interface SignInAsCredential {
  readonly role: ApiRole;
  readonly ori: string;
  readonly apiKey: string;
  /** The agency's name, when the directory has it. */
  readonly agency?: string;
}

/** The list, or a function that gives it once it exists (undefined while the demo is still seeding). */
export type SignInAsSource =
  | readonly SignInAsCredential[]
  | (() => readonly SignInAsCredential[] | undefined);

/** Seconds a console waits before asking again while the demo seeds. */
const SEEDING_RETRY_AFTER_S = 3;

/**
 * `GET /demo/credentials`: the demo's role keys for the console's "sign in as" list. Registered only when
 * `createApi` is given them, which only `tenprint demo` does: a deployment (`tenprint serve`) has no such
 * route, so it can never hand out a key. Outside `/v1` because it needs no key of its own.
 */
export const demoSignInRoute =
  (source: SignInAsSource): ApiRoutes =>
  (app) => {
    app.get(
      "/demo/credentials",
      {
        schema: {
          summary: "The demo's API keys, one per role (only `tenprint demo` serves this)",
          description:
            "Synthetic demonstration only: every key here acts on synthetic data. A hub started with " +
            "`tenprint serve` answers 404. While the demo is still seeding (its first start) it answers 503 " +
            "with Retry-After.",
          tags: ["demo"],
          security: [],
          response: {
            200: {
              type: "object",
              required: ["synthetic", "credentials"],
              properties: {
                synthetic: { type: "boolean", enum: [true] },
                credentials: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["role", "ori", "apiKey"],
                    properties: {
                      role: { type: "string", enum: [...API_ROLES] },
                      ori: { type: "string" },
                      agency: { type: "string" },
                      apiKey: { type: "string" },
                    },
                  },
                },
              },
            },
            503: {
              ...ERROR_RESPONSES[503],
              description: "The demo is still seeding; its keys do not exist yet (see Retry-After)",
            },
          },
        },
      },
      async (_request, reply) => {
        reply.header("cache-control", "no-store");
        const credentials = typeof source === "function" ? source() : source;
        if (credentials === undefined) {
          reply.header("retry-after", String(SEEDING_RETRY_AFTER_S));
          return reply.code(503).send({
            error: "unavailable",
            message: "the demo is still seeding its synthetic state; its keys exist in a moment",
          });
        }
        return { synthetic: true, credentials };
      },
    );
  };
