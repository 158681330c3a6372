/** Which part of a WSQ stream a problem was found in. */
export type WsqSegment =
  | "SOI"
  | "EOI"
  | "SOF"
  | "SOB"
  | "DTT"
  | "DQT"
  | "DHT"
  | "DRT"
  | "COM"
  | "entropy-coded data"
  | "marker"
  | "image"
  | "encoder";

/**
 * A malformed or unsupported WSQ stream (or an image the encoder cannot take). The message names the
 * segment (marker), the byte offset from the start of the stream when known, and the reason.
 */
export class WsqError extends Error {
  override readonly name = "WsqError";
  readonly segment: WsqSegment;
  readonly offset: number | undefined;
  readonly reason: string;

  constructor(segment: WsqSegment, reason: string, offset?: number) {
    super(`WSQ ${segment}${offset === undefined ? "" : ` at byte ${offset}`}: ${reason}`);
    this.segment = segment;
    this.offset = offset;
    this.reason = reason;
  }
}
