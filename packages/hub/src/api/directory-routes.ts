import {
  DIRECTORY_COLUMNS,
  DIRECTORY_TABLES,
  DirectoryImportError,
  type DirectoryTable,
} from "../directory/directory-format.js";
import {
  directoryCsv,
  directoryJson,
  exportDirectory,
  importDirectory,
} from "../services/directory-transfer.js";
import { callerOf, guarded } from "./api-caller.js";
import { ApiError } from "./api-error.js";
import { AUTHENTICATED_ERRORS, ERROR_RESPONSES } from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";

const tags = ["directory"];
const JSON_TYPE = "application/json";
const CSV_TYPE = "text/csv";
/** A large state's directory is a few MB; the hub's JSON routes keep their small default. */
const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

function cellSchema(table: DirectoryTable, column: string) {
  if (table === "jurisdictions" && column.startsWith("receipt_")) return { type: "boolean" };
  if (table === "regions" && column === "states") return { type: "array", items: { type: "string" } };
  return { type: "string", nullable: true };
}

/** The exchange format (docs/directory-format.md) as a schema: one array per table, the columns as properties. */
const documentSchema = {
  type: "object",
  required: ["format", ...DIRECTORY_TABLES],
  properties: {
    format: { type: "string", enum: ["tenprint-directory/1"] },
    ...Object.fromEntries(
      DIRECTORY_TABLES.map((table) => [
        table,
        {
          type: "array",
          items: {
            type: "object",
            properties: Object.fromEntries(
              DIRECTORY_COLUMNS[table].map((c) => [c.name, cellSchema(table, c.name)]),
            ),
          },
        },
      ]),
    ),
  },
} as const;

const counts = {
  type: "object",
  properties: { created: { type: "integer" }, updated: { type: "integer" }, unchanged: { type: "integer" } },
} as const;

const reportSchema = {
  type: "object",
  required: ["dryRun", "changed", "counts", "changes", "sources"],
  properties: {
    dryRun: { type: "boolean" },
    changed: {
      type: "boolean",
      description: "False: every record already stood as given; nothing was written",
    },
    counts: { type: "object", properties: Object.fromEntries(DIRECTORY_TABLES.map((t) => [t, counts])) },
    changes: {
      type: "array",
      items: {
        type: "object",
        properties: {
          table: { type: "string", enum: [...DIRECTORY_TABLES] },
          key: { type: "string" },
          action: { type: "string", enum: ["CREATED", "UPDATED"] },
          columns: {
            type: "object",
            description: "For an update, each changed column's stored (`from`) and imported (`to`) text",
            additionalProperties: {
              type: "object",
              properties: { from: { type: "string" }, to: { type: "string" } },
            },
          },
        },
      },
    },
    sources: {
      type: "array",
      items: { type: "object", properties: { file: { type: "string" }, sha256: { type: "string" } } },
    },
  },
} as const;

const problemsSchema = {
  description: "Every problem of the import, located; nothing was written",
  type: "object",
  required: ["error", "message", "problems"],
  properties: {
    error: { type: "string", enum: ["invalid_directory"] },
    message: { type: "string" },
    problems: {
      type: "array",
      items: {
        type: "object",
        properties: {
          file: { type: "string" },
          table: { type: "string", nullable: true },
          row: {
            type: "integer",
            nullable: true,
            description: "A CSV line (the header is 1), or a JSON array position from 1",
          },
          column: { type: "string", nullable: true },
          value: { type: "string", nullable: true },
          reason: { type: "string" },
        },
      },
    },
  },
} as const;

const tableQuery = { type: "string", enum: [...DIRECTORY_TABLES] } as const;

/** The import's query, `dryRun` read as Fastify's default validator would coerce it. */
function importQuery(data: unknown): { value: unknown } | { error: Error } {
  const query = (data ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(query))
    if (key !== "dryRun" && key !== "table")
      return {
        error: new ApiError(400, "invalid_request", `unknown query parameter ${key}`, `querystring.${key}`),
      };
  const dryRun = query.dryRun ?? "false";
  if (dryRun !== "true" && dryRun !== "false" && typeof dryRun !== "boolean")
    return {
      error: new ApiError(400, "invalid_request", "dryRun must be true or false", "querystring.dryRun"),
    };
  const table = query.table;
  if (table !== undefined && !DIRECTORY_TABLES.some((t) => t === table))
    return {
      error: new ApiError(
        400,
        "invalid_request",
        `table must be one of ${DIRECTORY_TABLES.join(", ")}`,
        "querystring.table",
      ),
    };
  return {
    value: { dryRun: dryRun === true || dryRun === "true", ...(table !== undefined ? { table } : {}) },
  };
}

/**
 * The agency directory in the exchange format: export for anyone who keeps the programme's records,
 * import for the programme office (nationally; a regional coordinator's key may not rewrite the directory).
 */
export const directoryRoutes: ApiRoutes = (app, context) => {
  app.get<{ Querystring: { format: "json" | "csv"; table?: DirectoryTable } }>(
    "/directory",
    guarded(["PMO", "AUDITOR"], {
      summary: "The directory: agencies, jurisdictions (sites), SIB agreements and regions",
      description:
        "`format=json` (default): the whole directory as one document (docs/directory-format.md). " +
        "`format=csv` needs `table` and answers that table as text/csv, the file `tenprint directory import` reads.",
      tags,
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: { format: { type: "string", enum: ["json", "csv"], default: "json" }, table: tableQuery },
      },
      response: {
        200: {
          description: "The document (application/json) or one table (text/csv)",
          content: { [JSON_TYPE]: { schema: documentSchema }, [CSV_TYPE]: { schema: { type: "string" } } },
        },
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (request, reply) => {
      const content = await exportDirectory(context.db);
      if (request.query.format === "csv") {
        const table = request.query.table;
        if (!table)
          throw new ApiError(
            400,
            "invalid_request",
            "format=csv answers one table: give table=",
            "querystring.table",
          );
        return reply.type(`${CSV_TYPE}; charset=utf-8`).send(directoryCsv(content, table));
      }
      return reply.type(JSON_TYPE).send(directoryJson(content));
    },
  );

  app.register(async (scope) => {
    // This route reads its body as text: the import hashes and locates problems in what was sent.
    scope.removeContentTypeParser(JSON_TYPE);
    scope.addContentTypeParser([JSON_TYPE, CSV_TYPE], { parseAs: "string" }, (_r, body, done) =>
      done(null, body),
    );
    scope.post<{ Querystring: { dryRun: boolean; table?: DirectoryTable }; Body: string }>(
      "/directory/import",
      {
        ...guarded(["PMO"], {
          summary: "Import directory records: all or nothing, idempotent, audited",
          description:
            "The body is the JSON document, or one table as text/csv with `table=`. Records are created or " +
            "replaced by key (ORI, site id, SIB and state, region id); records not named are left alone. 200 " +
            "with `changed: false` when every record already stood as given (nothing written). 422 lists every " +
            "problem with its row, column and value, and nothing is written. Each change is an audit event " +
            "(`DIRECTORY_RECORD_CREATED`/`_UPDATED` with the changed columns), the import one more " +
            "(`DIRECTORY_IMPORTED`). `dryRun=true` reports what would change and writes nothing.",
          tags,
          querystring: {
            type: "object",
            additionalProperties: false,
            properties: { dryRun: { type: "boolean", default: false }, table: tableQuery },
          },
          body: {
            content: {
              [JSON_TYPE]: { schema: documentSchema },
              [CSV_TYPE]: { schema: { type: "string", description: "One table's CSV, header first" } },
            },
          },
          response: {
            200: reportSchema,
            ...AUTHENTICATED_ERRORS,
            413: ERROR_RESPONSES[413],
            415: ERROR_RESPONSES[415],
            422: problemsSchema,
          },
        }),
        bodyLimit: IMPORT_BODY_LIMIT,
        // The body is text checked by the import itself, which locates every problem; Ajv would stop at
        // the first. The two query parameters are checked here.
        validatorCompiler: ({ httpPart }) => (httpPart === "querystring" ? importQuery : () => true),
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const type = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
        const csv = type === CSV_TYPE;
        if (csv && !request.query.table)
          throw new ApiError(
            400,
            "invalid_request",
            "a text/csv body is one table: give table=",
            "querystring.table",
          );
        const source = csv
          ? {
              file: `${request.query.table}.csv`,
              format: "csv" as const,
              text: request.body,
              table: request.query.table,
            }
          : { file: "body.json", format: "json" as const, text: request.body };
        try {
          return await importDirectory(context.db, [source], {
            by: { actor: caller.actor, ori: caller.ori },
            dryRun: request.query.dryRun,
            clock: context.clock,
          });
        } catch (error) {
          if (!(error instanceof DirectoryImportError)) throw error;
          return reply.code(422).send({
            error: "invalid_directory",
            message: `${error.problems.length} problem(s); nothing was imported`,
            problems: error.problems,
          });
        }
      },
    );
  });
};
