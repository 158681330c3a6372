import { API_ROLES, type ApiRole } from "./api-roles.js";
import type { ApiRoutes } from "./create-api.js";

/** One of the demo's keys as the console's "sign in as" list offers it. */
export interface SignInAsCredential {
  readonly role: ApiRole;
  readonly ori: string;
  readonly apiKey: string;
  /** The agency's name, when the directory has it. */
  readonly agency?: string;
}

/**
 * `GET /demo/credentials`: the demo's role keys for the console's "sign in as" list. Registered only when
 * `createApi` is given them, which only `tenprint demo` does: a deployment (`tenprint serve`) has no such
 * route, so it can never hand out a key. Outside `/v1` because it needs no key of its own.
 */
export const demoSignInRoute =
  (credentials: readonly SignInAsCredential[]): ApiRoutes =>
  (app) => {
    app.get(
      "/demo/credentials",
      {
        schema: {
          summary: "The demo's API keys, one per role (only `tenprint demo` serves this)",
          description:
            "Synthetic demonstration only: every key here acts on synthetic data. A hub started with " +
            "`tenprint serve` answers 404.",
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
          },
        },
      },
      async (_request, reply) => {
        reply.header("cache-control", "no-store");
        return { synthetic: true, credentials };
      },
    );
  };
