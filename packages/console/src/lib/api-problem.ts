import type { ApiErrorBody } from "./api/types.js";

/**
 * An API call that did not succeed, with what the hub said: its message and, when the hub names one,
 * the request property at fault (`body.note`, `headers.x-purpose`, …).
 */
export class ApiProblem extends Error {
  override readonly name = "ApiProblem";
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(status: number, body: Partial<ApiErrorBody> | undefined, fallback: string) {
    super(body?.message ?? fallback);
    this.status = status;
    this.code = body?.error ?? `http_${status}`;
    this.field = body?.field;
  }
}

/** The hub could not be reached at all (network down, hub stopped). */
export class HubUnreachable extends Error {
  override readonly name = "HubUnreachable";
  constructor(cause: unknown) {
    super("The hub does not answer. Check that it is running and try again.", { cause });
  }
}
