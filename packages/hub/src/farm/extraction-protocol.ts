import { headers, type MsgHdrs } from "@nats-io/transport-node";
import type { ProbeImage } from "../services/probe-image.js";

/** The subject extractors answer on; its queue group has the same name, so one extractor takes each image. */
export function extractionSubject(prefix: string): string {
  return `${prefix}.extract`;
}

/** The subject every extractor answers status requests on (no queue group: they all answer). */
export function extractorStatusSubject(prefix: string): string {
  return `${prefix}.extractors.status`;
}

/** What an extractor says about itself (`tenprint cluster status`, `GET /v1/cluster`). */
export interface ExtractorStatus {
  /** host:pid unless the extractor was named. */
  readonly extractor: string;
  /** Worker threads (0: it extracts on its main thread). */
  readonly workers: number;
  /** Images it extracted and answered since it started. */
  readonly jobsDone: number;
  /** Images it dropped because the hub had stopped waiting for them (the hub extracted them itself). */
  readonly skipped: number;
  /** Images it is extracting now. */
  readonly busy: number;
  readonly startedAt: string;
  /** When it last answered an image (null: none yet). */
  readonly lastJobAt: string | null;
}

const POSITION = "Tenprint-Position";
const PPI = "Tenprint-Ppi";
const RAW = "Tenprint-Raw";
/** How long the hub waits for this image: an extractor that reaches it later skips it (the hub has not waited). */
const WAIT = "Tenprint-Wait-Ms";
/** On a reply: the extractor that answered. */
export const EXTRACTOR_HEADER = "Tenprint-Extractor";
/** On a reply: the image cannot be extracted (the booking fails, as it would on local threads). */
export const IMAGE_ERROR_HEADER = "Tenprint-Image-Error";
/** On a reply: the extractor could not work (a thread died); the hub extracts the image itself. */
export const FAILURE_HEADER = "Tenprint-Failure";

export class ExtractionProtocolError extends Error {
  override readonly name = "ExtractionProtocolError";
}

/** An image travels as its encoded bytes; position, resolution and raw size ride in headers. */
export function imageHeaders(image: ProbeImage, waitMs: number): MsgHdrs {
  const h = headers();
  h.set(WAIT, String(waitMs));
  h.set(POSITION, String(image.position));
  h.set(PPI, String(image.ppi));
  if (image.raw) h.set(RAW, `${image.raw.width}x${image.raw.height}`);
  return h;
}

export function imageOf(data: Uint8Array, h: MsgHdrs | undefined): ProbeImage {
  const position = Number(h?.get(POSITION));
  const ppi = Number(h?.get(PPI));
  if (!Number.isInteger(position) || !(ppi > 0))
    throw new ExtractionProtocolError(`extraction request without ${POSITION} and ${PPI} headers`);
  const raw = h?.get(RAW);
  const size = raw ? /^(\d+)x(\d+)$/.exec(raw) : undefined;
  if (raw && !size) throw new ExtractionProtocolError(`${RAW} must be WIDTHxHEIGHT, got ${raw}`);
  return {
    position,
    ppi,
    data,
    ...(size ? { raw: { width: Number(size[1]), height: Number(size[2]) } } : {}),
  };
}

/** The hub's wait for a request's answer, from its headers (Infinity when it does not say). */
export function waitOf(h: MsgHdrs | undefined): number {
  const wait = Number(h?.get(WAIT));
  return wait > 0 ? wait : Number.POSITIVE_INFINITY;
}
