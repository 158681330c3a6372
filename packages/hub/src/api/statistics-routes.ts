import { DomainInputError } from "../domain/domain-error.js";
import { requireTimeZone } from "../domain/local-calendar.js";
import { guarded } from "./api-caller.js";
import { ApiError } from "./api-error.js";
import { AUTHENTICATED_ERRORS } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";
import { queryStatistics } from "./statistics-query.js";

const countsMap = { type: "object", additionalProperties: { $ref: "StatisticsCounts#" } } as const;

export const statisticsRoutes: ApiRoutes = (app, context) => {
  app.get<{ Querystring: { from?: string; to?: string; timeZone: string } }>(
    "/stats",
    guarded(["PMO", "CJIS", "IDENT", "AUDITOR"], {
      summary: "Programme statistics overall, by jurisdiction and by month",
      description:
        "Counts of bookings received in [from, to) in the shape of ICE's monthly interoperability reports; " +
        "months follow `timeZone` (default UTC). Suppressed IDRs and IARs are counted and also counted apart. " +
        "Files rejected with an ERRT in the period are counted as `errt` (by the booking agency's " +
        "jurisdiction where the file named a known one, else UNKNOWN) and by submitter.",
      tags: ["statistics"],
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: {
          from: { type: "string", format: "date-time" },
          to: { type: "string", format: "date-time" },
          timeZone: { type: "string", maxLength: 64, default: "UTC" },
        },
      },
      response: {
        200: {
          type: "object",
          required: ["overall", "byJurisdiction", "byMonth", "bySubmitter"],
          properties: {
            overall: { $ref: "StatisticsCounts#" },
            byJurisdiction: countsMap,
            byMonth: { ...countsMap, description: "Keyed YYYY-MM" },
            bySubmitter: { ...countsMap, description: "Keyed by the submitting agency's ORI" },
          },
        },
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (request) => {
      const { from, to, timeZone } = request.query;
      try {
        requireTimeZone(timeZone);
      } catch (error) {
        if (error instanceof DomainInputError)
          throw new ApiError(
            400,
            "invalid_request",
            `querystring.timeZone ${error.message}`,
            "querystring.timeZone",
          );
        throw error;
      }
      return queryStatistics(context.db, {
        timeZone,
        ...(from !== undefined ? { from: new Date(from) } : {}),
        ...(to !== undefined ? { to: new Date(to) } : {}),
      });
    },
  );
};
