import createClient, { type Middleware } from "openapi-fetch";
import type { ApiPaths } from "./api/types.js";
import { ApiProblem, HubUnreachable } from "./api-problem.js";
import { currentApiKey, signOut } from "./session.js";

/** Why the console asks the hub for biometric and personal data; the hub records it with each read. */
export const PURPOSES = {
  lescCase: "LESC status determination",
  bookingReview: "booking review by the submitting agency",
  eroReview: "ERO detainer review",
  detainerTracking: "detainer tracking by a party to it",
  audit: "audit review",
} as const;

const authorise: Middleware = {
  onRequest({ request }) {
    const key = currentApiKey();
    if (key) request.headers.set("authorization", `Bearer ${key}`);
    return request;
  },
  async onResponse({ request, response }) {
    // A key the hub no longer knows (revoked, rotated, mistyped) ends the session: every further call
    // would fail the same way. Sign-in explains why.
    if (response.status === 401 && currentApiKey() !== undefined && request.headers.has("authorization")) {
      const body = (await response
        .clone()
        .json()
        .catch(() => undefined)) as { message?: string } | undefined;
      signOut(`The hub refused your API key: ${body?.message ?? "unknown or revoked"}. Sign in again.`);
    }
    return response;
  },
};

/** The typed client of the hub's API (types generated from its OpenAPI document). Same origin. */
export const api = createClient<ApiPaths>({ baseUrl: globalThis.location?.origin ?? "" });
api.use(authorise);

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The response's data, or an ApiProblem with the hub's message and field. */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch (error) {
    throw new HubUnreachable(error);
  }
  const { data, error, response } = outcome;
  if (!response.ok || data === undefined)
    throw new ApiProblem(
      response.status,
      error as ConstructorParameters<typeof ApiProblem>[1],
      `${response.status} ${response.statusText}`,
    );
  return data;
}
