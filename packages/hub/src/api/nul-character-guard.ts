import type { FastifyRequest } from "fastify";
import { ApiError } from "./api-error.js";

/**
 * PostgreSQL's text and jsonb cannot hold U+0000: a NUL in any string a caller sends would reach a
 * query and fail there as a data exception (a 500). Refused up front as the caller's error, naming the
 * field. Walks the parsed values with a stack, not recursion, so a deeply nested body cannot overflow it.
 */
export function nulCharacterField(
  request: Pick<FastifyRequest, "params" | "query" | "body">,
): string | undefined {
  const stack: [string, unknown][] = [
    ["params", request.params],
    ["querystring", request.query],
  ];
  // A binary body (an EBTS file) is bytes, not text: NULs are legitimate there.
  if (!Buffer.isBuffer(request.body) && !(request.body instanceof Uint8Array))
    stack.push(["body", request.body]);
  while (stack.length > 0) {
    const [path, value] = stack.pop() as [string, unknown];
    if (typeof value === "string") {
      if (value.includes("\u0000")) return path;
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push([`${path}.${i}`, value[i]]);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes("\u0000")) return path;
        stack.push([`${path}.${key}`, child]);
      }
    }
  }
  return undefined;
}

/** A `preValidation` hook refusing NUL characters with 400 and the field. */
export async function refuseNulCharacters(request: FastifyRequest): Promise<void> {
  const field = nulCharacterField(request);
  if (field !== undefined)
    throw new ApiError(
      400,
      "invalid_request",
      `${field} contains a NUL character (U+0000), which no field may hold`,
      field,
    );
}
