import { callerOf, guarded, purposeOf } from "./api-caller.js";
import { notFound, printsPurged } from "./api-error.js";
import { API_PARAMETERS } from "./api-parameters.js";
import { AUTHENTICATED_ERRORS, ERROR_RESPONSES } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";
import { pngResponse, positionProperty, requiredPurposeHeaders } from "./print-schemas.js";
import { mayReadTransaction } from "./transaction-access.js";

const READERS = ["LEA", "SIB", "CJIS", "IDENT", "AUDITOR"] as const;

/** A booking's rolled prints as images, for the people who may read the booking. */
export const printRoutes: ApiRoutes = (app, context) => {
  app.get<{ Params: { id: string; position: number } }>(
    "/transactions/:id/prints/:position",
    guarded(READERS, {
      summary: "One of the booking's rolled prints as a PNG image",
      description:
        "Biometric data: the `X-Purpose` header must state why it is read; the purpose is recorded in the " +
        "audit log with the disclosure. 404 when the booking has no print at that position.",
      tags: ["transactions"],
      params: {
        type: "object",
        required: ["id", "position"],
        additionalProperties: false,
        properties: { id: { type: "string", format: "uuid" }, position: positionProperty },
      },
      headers: requiredPurposeHeaders,
      response: {
        200: pngResponse,
        ...AUTHENTICATED_ERRORS,
        404: ERROR_RESPONSES[404],
        410: ERROR_RESPONSES[410],
      },
    }),
    async (request, reply) => {
      const caller = callerOf(request);
      const { id, position } = request.params;
      const transaction = await context.storage.transactions.get(id);
      if (!transaction || !mayReadTransaction(caller, transaction)) throw notFound(`transaction ${id}`);
      const file = await context.storage.transactions.getRequest(id);
      if (!file && transaction.printsPurgedAt) throw printsPurged(id, transaction.printsPurgedAt);
      const png = file && (await context.printPngs.booking(file, position));
      if (!png) throw notFound(`the print at position ${position} of transaction ${id}`);
      await context.audit(caller, {
        action: "BIOMETRIC_READ",
        object: `transaction:${id}`,
        purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
        details: { tcn: transaction.tcn, print: position, format: "png" },
      });
      return reply
        .type("image/png")
        .header("cache-control", "private, no-store")
        .send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
    },
  );
};
