import { API_ROLES, callerOf, guarded } from "./api-caller.js";
import { ApiError } from "./api-error.js";
import { AUTHENTICATED_ERRORS } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

export const apiKeyRoutes: ApiRoutes = (app, context) => {
  app.post(
    "/api-keys/rotate",
    guarded(
      API_ROLES,
      {
        summary: "Replace the caller's API key",
        description: "The new key is shown once, here; the key used for this request stops working at once.",
        tags: ["api-keys"],
        response: {
          200: {
            type: "object",
            required: ["id", "ori", "role", "apiKey"],
            properties: {
              id: { type: "string" },
              ori: { type: "string" },
              role: { type: "string" },
              apiKey: { type: "string" },
            },
          },
          ...AUTHENTICATED_ERRORS,
        },
      },
      { regionScoped: true },
    ),
    async (request) => {
      const caller = callerOf(request);
      const rotated = await context.storage.apiKeys.rotate(caller.keyId);
      // Another request rotated or revoked this key between authentication and now.
      if (!rotated) throw new ApiError(401, "unauthenticated", "API key was revoked while rotating it");
      await context.audit(caller, {
        action: "API_KEY_ROTATED",
        object: `apikey:${caller.keyId}`,
        details: { newKeyId: rotated.id },
      });
      return { id: rotated.id, ori: rotated.ori, role: rotated.role, apiKey: rotated.apiKey };
    },
  );
};
