import type { EbtsProblem } from "@tenprint/nist";
import { sql } from "kysely";
import { callerOf, guarded, purposeOf } from "./api-caller.js";
import { ApiError, notFound, printsPurged } from "./api-error.js";
import { API_PARAMETERS } from "./api-parameters.js";
import {
  AUTHENTICATED_ERRORS,
  binaryBody,
  ERROR_RESPONSES,
  errorResponse,
  pageLimit,
  uuidParam,
} from "./api-schemas.js";
import type { ApiRoutes } from "./create-api.js";
import { mayReadTransaction, seesAllBookings, transactionView } from "./transaction-access.js";

const EBTS_TYPE = "application/octet-stream";
const tags = ["transactions"];

const submissionResult = {
  type: "object",
  description: "The booking's transaction",
  required: ["id", "tcn", "state", "created"],
  properties: {
    id: { type: "string", format: "uuid" },
    tcn: { type: "string" },
    state: { type: "string" },
    created: {
      type: "boolean",
      description: "false when the TCN was known and its first transaction returned",
    },
  },
} as const;

const rejection = {
  type: "object",
  description: "The file is invalid: its errors, and the ERRT sent to the submitter",
  required: ["error", "message", "errors", "errorCount"],
  properties: {
    error: { type: "string", enum: ["invalid_ebts"] },
    message: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: {
          recordIndex: { type: "integer" },
          recordType: { type: "integer" },
          tag: { type: "string" },
          mnemonic: { type: "string" },
          reason: { type: "string" },
          offset: {
            type: "integer",
            nullable: true,
            description: "Byte offset in the file of the field (or record) at fault, when it can be located",
          },
        },
        required: ["recordIndex", "recordType", "tag", "mnemonic", "reason", "offset"],
      },
    },
    errorCount: {
      type: "integer",
      description: "Errors in all: `errors` lists the first of them (at most 100)",
    },
    errtMessageId: { type: "string", format: "uuid", nullable: true },
    errt: { type: "string", format: "byte", nullable: true, description: "The ERRT EBTS file, base64" },
  },
} as const;

const listQuery = {
  type: "object",
  additionalProperties: false,
  properties: {
    state: { type: "string", maxLength: 40 },
    tcn: { type: "string", maxLength: 40 },
    from: {
      type: "string",
      format: "date-time",
      description: "Only bookings received at or after this instant",
    },
    to: { type: "string", format: "date-time", description: "Only bookings received before this instant" },
    limit: pageLimit,
    offset: { type: "integer", minimum: 0, maximum: 1_000_000, default: 0 },
  },
} as const;

const purposeHeaders = {
  type: "object",
  properties: { "x-purpose": { type: "string", maxLength: API_PARAMETERS.maxPurposeLength } },
} as const;

const READERS = ["LEA", "SIB", "CJIS", "IDENT", "AUDITOR"] as const;

/** The intake thread located each problem (the parser's offset, or its field's or record's). */
function problemViews(problems: readonly EbtsProblem[]) {
  return problems.map(({ recordIndex, recordType, tag, mnemonic, reason, offset }) => ({
    recordIndex,
    recordType,
    tag,
    mnemonic,
    reason,
    offset: offset ?? null,
  }));
}

export const transactionRoutes: ApiRoutes = (app, context, options) => {
  app.register(async (scope) => {
    // Only this scope parses EBTS bodies; only its route has the EBTS limit, JSON routes keep the small one.
    scope.addContentTypeParser(EBTS_TYPE, { parseAs: "buffer" }, (_r, body, done) => done(null, body));
    scope.post(
      "/transactions",
      {
        ...guarded(["LEA", "SIB"], {
          summary: "Submit an EBTS booking (CAR/CNA)",
          description:
            "The body is the EBTS file. 202: accepted and queued for the criminal search. 200: the TCN was " +
            "submitted before by the same caller with the same bytes; its first transaction is returned (a TCN is " +
            "the submitter's own key: another agency's TCN is never consulted). 409: the same caller and TCN " +
            "with different bytes (audited). 403: the file's booking agency (2.073 CRI) is " +
            "neither the caller nor, for a SIB, an agency of a state under its agreement (refusal audited). " +
            "422: the file is invalid; an ERRT was sent to the submitter and nothing else is stored.",
          tags,
          body: { content: { [EBTS_TYPE]: { schema: binaryBody } } },
          response: {
            200: submissionResult,
            202: submissionResult,
            ...AUTHENTICATED_ERRORS,
            403: errorResponse(
              "The caller's role may not submit, or may not book for the file's booking agency (2.073 CRI)",
            ),
            409: errorResponse("The caller submitted this TCN before with different content"),
            413: ERROR_RESPONSES[413],
            415: ERROR_RESPONSES[415],
            422: rejection,
          },
        }),
        bodyLimit: options.bodyLimit,
        // The body is bytes: the schema above documents it, Ajv has nothing to check.
        validatorCompiler: () => () => true,
        preParsing: async (request) => {
          const type = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
          if (type !== EBTS_TYPE)
            throw new ApiError(
              415,
              "unsupported_media_type",
              `send the EBTS file as ${EBTS_TYPE}, not ${type ?? "no Content-Type"}`,
              "headers.content-type",
            );
          const length = Number(request.headers["content-length"]);
          if (length > options.bodyLimit)
            throw new ApiError(
              413,
              "payload_too_large",
              `EBTS file of ${length} bytes exceeds the limit of ${options.bodyLimit} bytes`,
              "body",
            );
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const body = request.body;
        const file = Buffer.isBuffer(body)
          ? new Uint8Array(body.buffer, body.byteOffset, body.length)
          : new Uint8Array();
        const result = await context.submissions.submit(file, {
          submitterOri: caller.ori,
          submitterRole: caller.role,
          actor: caller.actor,
        });
        if (result.status === "REJECTED" || result.transactionId === undefined) {
          const errors = result.problems.filter((problem) => problem.severity === "error");
          const errorCount = Math.max(result.errors ?? 0, errors.length);
          const errt = result.errtMessageId
            ? await context.storage.outbox.get(result.errtMessageId)
            : undefined;
          return reply.code(422).send({
            error: "invalid_ebts",
            message: `the EBTS file was rejected with ${errorCount} error(s): ${errors
              .slice(0, 3)
              .map((p) => `${p.tag} ${p.reason}`)
              .join("; ")}${errorCount > 3 ? "; …" : ""}`,
            errors: problemViews(errors),
            errorCount,
            errtMessageId: errt?.id ?? null,
            errt: errt?.payload ? Buffer.from(errt.payload).toString("base64") : null,
          });
        }
        return reply.code(result.created ? 202 : 200).send({
          id: result.transactionId,
          tcn: result.tcn,
          state: result.status,
          created: result.created,
        });
      },
    );
  });

  app.get<{
    Querystring: { state?: string; tcn?: string; from?: string; to?: string; limit: number; offset: number };
  }>(
    "/transactions",
    guarded(READERS, {
      summary: "List bookings",
      description: "An LEA or SIB sees the bookings it submitted or that name it as booking agency.",
      tags,
      querystring: listQuery,
      headers: purposeHeaders,
      response: {
        200: {
          type: "object",
          required: ["items", "total"],
          properties: {
            items: { type: "array", items: { $ref: "TransactionSummary#" } },
            total: { type: "integer", description: "Bookings matching the filter, on every page" },
          },
        },
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (request) => {
      const caller = callerOf(request);
      const { state, tcn, from, to, limit, offset } = request.query;
      let filtered = context.db.selectFrom("transactions");
      if (!seesAllBookings(caller))
        filtered = filtered.where((eb) =>
          eb.or([eb("submitter_ori", "=", caller.ori), eb(sql`state_data->>'leaOri'`, "=", caller.ori)]),
        );
      if (state !== undefined) filtered = filtered.where("state", "=", state);
      if (tcn !== undefined) filtered = filtered.where("tcn", "=", tcn);
      if (from !== undefined) filtered = filtered.where("created_at", ">=", new Date(from));
      if (to !== undefined) filtered = filtered.where("created_at", "<", new Date(to));
      const query = filtered.select([
        "id",
        "tcn",
        "tot",
        "state",
        "submitter_ori",
        "jurisdiction_ori",
        sql<string | null>`state_data->>'leaOri'`.as("lea_ori"),
        sql<string | null>`state_data->>'outcome'`.as("outcome"),
        "created_at",
        "updated_at",
      ]);
      const [rows, counted] = await Promise.all([
        query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).offset(offset).execute(),
        filtered.select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow(),
      ]);
      await context.audit(caller, {
        action: "TRANSACTION_LIST_READ",
        purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
        details: {
          filter: { state, tcn, from, to, limit, offset },
          transactions: rows.map((row) => row.id),
        },
      });
      return {
        total: Number(counted.n),
        items: rows.map((row) => ({
          id: row.id,
          tcn: row.tcn,
          tot: row.tot,
          state: row.state,
          submitterOri: row.submitter_ori,
          leaOri: row.lea_ori,
          jurisdictionId: row.jurisdiction_ori,
          outcome: row.outcome,
          createdAt: row.created_at.toISOString(),
          updatedAt: row.updated_at.toISOString(),
        })),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/transactions/:id",
    guarded(READERS, {
      summary: "A booking's state and message history",
      description:
        "An LEA or SIB sees only the messages addressed to it; withheld ones without content. CJIS and IDENT " +
        "see every message's type, recipient and status; content only of those addressed to them (as " +
        "GET /v1/messages/{id}); auditors see all content.",
      tags,
      params: uuidParam,
      headers: purposeHeaders,
      response: { 200: { $ref: "Transaction#" }, ...AUTHENTICATED_ERRORS, 404: ERROR_RESPONSES[404] },
    }),
    async (request) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const transaction = await context.storage.transactions.get(id);
      if (!transaction || !mayReadTransaction(caller, transaction)) throw notFound(`transaction ${id}`);
      const view = transactionView(caller, transaction, await context.storage.outbox.listForTransaction(id));
      await context.audit(caller, {
        action: "TRANSACTION_READ",
        object: `transaction:${id}`,
        purpose: purposeOf(request, API_PARAMETERS.maxPurposeLength),
        details: { tcn: transaction.tcn, messages: view.messages.map((m) => m.id) },
      });
      return view;
    },
  );

  app.get<{ Params: { id: string } }>(
    "/transactions/:id/request",
    guarded(READERS, {
      summary: "The submitted EBTS file, fingerprint images included",
      description:
        "Biometric data: the `X-Purpose` header must state why it is read; the purpose is recorded in the " +
        "audit log with the disclosure.",
      tags,
      params: uuidParam,
      headers: {
        type: "object",
        required: ["x-purpose"],
        properties: {
          "x-purpose": {
            type: "string",
            minLength: 1,
            maxLength: API_PARAMETERS.maxPurposeLength,
            pattern: "\\S",
          },
        },
      },
      response: {
        200: { description: "The EBTS file", content: { [EBTS_TYPE]: { schema: binaryBody } } },
        ...AUTHENTICATED_ERRORS,
        404: ERROR_RESPONSES[404],
        410: ERROR_RESPONSES[410],
      },
    }),
    async (request, reply) => {
      const caller = callerOf(request);
      const purpose = purposeOf(request, API_PARAMETERS.maxPurposeLength);
      // The schema requires the header already; this keeps the privacy rule next to the disclosure.
      if (!purpose)
        throw new ApiError(
          400,
          "purpose_required",
          "reading biometric data needs an X-Purpose header",
          "headers.x-purpose",
        );
      const { id } = request.params;
      const transaction = await context.storage.transactions.get(id);
      if (!transaction || !mayReadTransaction(caller, transaction)) throw notFound(`transaction ${id}`);
      const file = await context.storage.transactions.getRequest(id);
      if (!file && transaction.printsPurgedAt) throw printsPurged(id, transaction.printsPurgedAt);
      if (!file) throw notFound(`the EBTS file of transaction ${id}`);
      await context.audit(caller, {
        action: "BIOMETRIC_READ",
        object: `transaction:${id}`,
        purpose,
        details: { tcn: transaction.tcn, bytes: file.length },
      });
      return reply
        .type(EBTS_TYPE)
        .header(
          "content-disposition",
          `attachment; filename="${transaction.tcn.replace(/[^\w.-]/g, "_")}.eft"`,
        )
        .send(Buffer.from(file.buffer, file.byteOffset, file.length));
    },
  );
};
