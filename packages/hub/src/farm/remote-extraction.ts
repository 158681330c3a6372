import { type NatsConnection, NoRespondersError, TimeoutError } from "@nats-io/transport-node";
import type { ExtractedFinger, ImageExtraction } from "../services/probe-extraction-pool.js";
import { type ProbeImage, ProbeImageError } from "../services/probe-image.js";
import { extractImage } from "../services/probe-image-extraction.js";
import {
  EXTRACTOR_HEADER,
  extractionSubject,
  FAILURE_HEADER,
  IMAGE_ERROR_HEADER,
  imageHeaders,
} from "./extraction-protocol.js";
import { FARM_PARAMETERS } from "./farm-parameters.js";

/** Why an image was extracted in the hub's own process rather than by an extractor. */
export type LocalReason = "none-connected" | "deadline" | "failed" | "too-large";

export interface ExtractionCounts {
  /** Images extractors answered, by extractor name. */
  readonly remote: Readonly<Record<string, number>>;
  readonly local: Readonly<Record<LocalReason, number>>;
}

/**
 * Booking images extracted by `tenprint extractor` processes (a NATS queue group: one extractor takes
 * each image) while at least one is connected; otherwise in this process, on `local` (its worker
 * threads) or on the calling thread. An image no extractor answers before the deadline (one was killed
 * holding it, or all are too busy) is extracted here too, so an extractor's death costs time, never a
 * booking. An image an extractor cannot decode fails the booking exactly as local extraction would.
 */
export class RemoteExtraction implements ImageExtraction {
  readonly #nc: NatsConnection;
  readonly #subject: string;
  readonly #local: ImageExtraction | undefined;
  readonly #timeoutMs: number;
  readonly #remote: Record<string, number> = {};
  readonly #fallbacks: Record<LocalReason, number> = {
    "none-connected": 0,
    deadline: 0,
    failed: 0,
    "too-large": 0,
  };

  constructor(
    nc: NatsConnection,
    options: { prefix?: string; local?: ImageExtraction; timeoutMs?: number } = {},
  ) {
    this.#nc = nc;
    this.#subject = extractionSubject(options.prefix ?? FARM_PARAMETERS.defaultPrefix);
    this.#local = options.local;
    this.#timeoutMs = options.timeoutMs ?? FARM_PARAMETERS.extractionTimeoutMs;
  }

  counts(): ExtractionCounts {
    return { remote: { ...this.#remote }, local: { ...this.#fallbacks } };
  }

  extract(images: readonly ProbeImage[]): Promise<ExtractedFinger[]> {
    return Promise.all(images.map((image) => this.#one(image)));
  }

  async #one(image: ProbeImage): Promise<ExtractedFinger> {
    const reason = await this.#remoteBytes(image);
    if (typeof reason !== "string") return { position: image.position, bytes: reason };
    this.#fallbacks[reason]++;
    if (this.#local) return (await this.#local.extract([image]))[0]!;
    try {
      return { position: image.position, bytes: extractImage(image) };
    } catch (error) {
      throw new ProbeImageError(
        `probe extraction: finger ${image.position}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async #remoteBytes(image: ProbeImage): Promise<Uint8Array | LocalReason> {
    // The server refuses a message over its max_payload (1 MB by default): a large uncompressed image.
    if (image.data.length + 1024 > (this.#nc.info?.max_payload ?? 1024 * 1024)) return "too-large";
    try {
      const reply = await this.#nc.request(this.#subject, image.data, {
        timeout: this.#timeoutMs,
        headers: imageHeaders(image, this.#timeoutMs),
      });
      const imageError = reply.headers?.get(IMAGE_ERROR_HEADER);
      if (imageError) throw new ProbeImageError(`probe extraction: ${imageError}`);
      if (reply.headers?.get(FAILURE_HEADER)) return "failed";
      const extractor = reply.headers?.get(EXTRACTOR_HEADER) || "unnamed";
      this.#remote[extractor] = (this.#remote[extractor] ?? 0) + 1;
      // The transport's reply is a Buffer; a template is plain bytes wherever it was made.
      return new Uint8Array(reply.data);
    } catch (error) {
      if (error instanceof ProbeImageError) throw error;
      if (error instanceof NoRespondersError || hasCause(error, NoRespondersError)) return "none-connected";
      if (error instanceof TimeoutError || hasCause(error, TimeoutError)) return "deadline";
      // A connection closed or reconnecting: the hub's own threads carry on.
      return "failed";
    }
  }
}

function hasCause(error: unknown, type: abstract new (...args: never[]) => Error): boolean {
  return error instanceof Error && error.cause instanceof type;
}
