import type { EnrolledFinger } from "@tenprint/afis";
import { readTenprintTemplate, writeTenprintTemplate } from "@tenprint/afis";

/** One change of a gallery identity, as the enrolment log stores it and the stream carries it. */
export type GalleryEvent =
  | { readonly kind: "enrol"; readonly identity: string; readonly fingers: readonly EncodedFinger[] }
  | { readonly kind: "delete"; readonly identity: string };

export interface EncodedFinger {
  readonly position: number;
  readonly plain?: boolean;
  /** writeTenprintTemplate's bytes. */
  readonly template: Uint8Array;
}

/** An event with its place in the log: `id` is the database row (order per identity), `seq` the stream's. */
export interface LoggedEvent {
  readonly id: number;
  readonly event: GalleryEvent;
}

export class GalleryEventError extends Error {
  override readonly name = "GalleryEventError";
}

export function enrolEvent(identity: string, fingers: readonly EnrolledFinger[]): GalleryEvent {
  return {
    kind: "enrol",
    identity,
    fingers: fingers.map((finger) => ({
      position: finger.position,
      ...(finger.plain ? { plain: true } : {}),
      template: writeTenprintTemplate(finger.template),
    })),
  };
}

/** The payload column and message body: JSON with base64 templates, readable with any NATS tool. */
export function encodeGalleryEvent(event: GalleryEvent): Uint8Array {
  const body =
    event.kind === "delete"
      ? { v: 1, kind: "delete", identity: event.identity }
      : {
          v: 1,
          kind: "enrol",
          identity: event.identity,
          fingers: event.fingers.map((finger) => ({
            position: finger.position,
            ...(finger.plain ? { plain: true } : {}),
            template: Buffer.from(finger.template).toString("base64"),
          })),
        };
  return new TextEncoder().encode(JSON.stringify(body));
}

export function decodeGalleryEvent(bytes: Uint8Array): GalleryEvent {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new GalleryEventError(`gallery event is not JSON: ${String(error)}`);
  }
  const record = body as { v?: unknown; kind?: unknown; identity?: unknown; fingers?: unknown };
  if (record.v !== 1) throw new GalleryEventError(`gallery event version must be 1, got ${String(record.v)}`);
  if (typeof record.identity !== "string" || record.identity === "")
    throw new GalleryEventError("gallery event has no identity");
  if (record.kind === "delete") return { kind: "delete", identity: record.identity };
  if (record.kind !== "enrol" || !Array.isArray(record.fingers))
    throw new GalleryEventError(
      `gallery event ${record.identity}: kind must be enrol (with fingers) or delete`,
    );
  const fingers = record.fingers.map(
    (finger: { position?: unknown; plain?: unknown; template?: unknown }, i) => {
      if (typeof finger.position !== "number" || typeof finger.template !== "string")
        throw new GalleryEventError(
          `gallery event ${record.identity}: finger ${i} needs position and template`,
        );
      return {
        position: finger.position,
        ...(finger.plain === true ? { plain: true } : {}),
        template: new Uint8Array(Buffer.from(finger.template, "base64")),
      };
    },
  );
  return { kind: "enrol", identity: record.identity, fingers };
}

/** The event's fingers as the gallery takes them. */
export function enrolledFingers(event: GalleryEvent & { kind: "enrol" }): EnrolledFinger[] {
  return event.fingers.map((finger) => ({
    position: finger.position,
    ...(finger.plain ? { plain: true } : {}),
    template: readTenprintTemplate(finger.template),
  }));
}

/**
 * An enrolment's fingers packed for a matcher to keep in memory beside its gallery (per finger: u8
 * position, u8 plain, u32 template length, writeTenprintTemplate's bytes): the same bytes as the event,
 * without its JSON and base64, so a snapshot rebuilt from it carries exactly what the stream did.
 */
export function packEncodedFingers(fingers: readonly EncodedFinger[]): Uint8Array {
  let size = 0;
  for (const finger of fingers) size += 6 + finger.template.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const finger of fingers) {
    out[at] = finger.position;
    out[at + 1] = finger.plain ? 1 : 0;
    view.setUint32(at + 2, finger.template.length);
    out.set(finger.template, at + 6);
    at += 6 + finger.template.length;
  }
  return out;
}

export function unpackEncodedFingers(bytes: Uint8Array): EncodedFinger[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fingers: EncodedFinger[] = [];
  for (let at = 0; at < bytes.length; ) {
    const length = view.getUint32(at + 2);
    if (at + 6 + length > bytes.length) throw new GalleryEventError("packed fingers are cut short");
    fingers.push({
      position: bytes[at]!,
      ...(bytes[at + 1] === 1 ? { plain: true } : {}),
      template: bytes.subarray(at + 6, at + 6 + length),
    });
    at += 6 + length;
  }
  return fingers;
}
