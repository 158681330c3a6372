import type { ProbeFinger, SearchCandidate } from "@tenprint/afis";
import { readTenprintTemplate, writeTenprintTemplate } from "@tenprint/afis";

/** A search as the hub sends it to every shard. */
export interface ShardSearchRequest {
  readonly probe: readonly { readonly position: number; readonly template: string }[];
  /** The stream sequence the shard must have applied before it searches (read your writes). */
  readonly minSeq: number;
  readonly maxCandidates: number;
  readonly exhaustive?: boolean;
}

/** A shard's answer. */
export type ShardSearchReply =
  | {
      readonly ok: true;
      readonly shard: number;
      readonly replica: string;
      /** The stream sequence the shard had applied when it searched. */
      readonly applied: number;
      readonly gallerySize: number;
      readonly candidates: readonly SearchCandidate[];
      readonly comparisons: number;
      /** Fingers of the probe's positions in the shard (penetration's denominator). */
      readonly eligible: number;
      readonly filterMs: number;
      readonly matchMs: number;
    }
  | {
      readonly ok: false;
      readonly shard: number;
      readonly replica: string;
      readonly error: "behind" | "bad-request";
      readonly message: string;
      readonly applied: number;
    };

export function encodeProbe(probe: readonly ProbeFinger[]): ShardSearchRequest["probe"] {
  return probe.map((finger) => ({
    position: finger.position,
    template: Buffer.from(writeTenprintTemplate(finger.template)).toString("base64"),
  }));
}

export function decodeProbe(probe: ShardSearchRequest["probe"]): ProbeFinger[] {
  if (!Array.isArray(probe)) throw new RangeError("search request has no probe array");
  return probe.map((finger, i) => {
    if (typeof finger?.position !== "number" || typeof finger.template !== "string")
      throw new RangeError(`search request probe finger ${i} needs position and template`);
    return {
      position: finger.position,
      template: readTenprintTemplate(new Uint8Array(Buffer.from(finger.template, "base64"))),
    };
  });
}

export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export function decodeJson<T>(bytes: Uint8Array): T {
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}
