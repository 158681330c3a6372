/** Where in a transaction a problem was found; every part that is known is filled in. */
export interface NistErrorLocation {
  /** Index of the record in transmission order (0 = Type-1). */
  readonly recordIndex?: number;
  readonly recordType?: number;
  /** Field tag such as "2.018". */
  readonly tag?: string;
  /** Byte offset from the start of the file. */
  readonly offset?: number;
}

export type NistErrorCode =
  | "TRUNCATED"
  | "BAD_TAG"
  | "BAD_LENGTH"
  | "BAD_COUNT"
  | "BAD_SEPARATOR"
  | "BAD_VALUE"
  | "UNSUPPORTED"
  | "LIMIT_EXCEEDED";

/** A malformed ANSI/NIST-ITL file or record; the message names the record, field and byte offset. */
export class NistError extends Error {
  override readonly name = "NistError";
  readonly code: NistErrorCode;
  readonly location: NistErrorLocation;
  /** What is wrong, without the location (which `location` carries). */
  readonly reason: string;

  constructor(code: NistErrorCode, reason: string, location: NistErrorLocation = {}) {
    super(`${describeLocation(location)}${reason}`);
    this.code = code;
    this.location = location;
    this.reason = reason;
  }
}

function describeLocation(location: NistErrorLocation): string {
  const parts: string[] = [];
  if (location.recordIndex !== undefined) {
    const type = location.recordType !== undefined ? ` (Type-${location.recordType})` : "";
    parts.push(`record ${location.recordIndex}${type}`);
  }
  if (location.tag !== undefined) parts.push(`field ${location.tag}`);
  if (location.offset !== undefined) parts.push(`byte ${location.offset}`);
  return parts.length > 0 ? `${parts.join(", ")}: ` : "";
}
