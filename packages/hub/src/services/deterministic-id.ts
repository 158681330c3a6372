import { createHash } from "node:crypto";

/**
 * A UUID-shaped id derived from its parts (name-based, SHA-256): the same parts always give the same id,
 * so an effect applied again by a retried transition hits the storage idempotency key instead of a duplicate.
 */
export function deterministicId(...parts: readonly string[]): string {
  const hex = createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
