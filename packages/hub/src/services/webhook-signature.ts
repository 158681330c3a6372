import { createHmac, timingSafeEqual } from "node:crypto";
import { SERVICE_PARAMETERS } from "./service-parameters.js";

/**
 * Headers of a webhook delivery. Deliveries are at least once: a hub that crashes between the POST and
 * recording it as delivered sends the message again after its lease, so receivers must dedupe on
 * `Tenprint-Message-Id` (the id is stable across retries).
 */
export const WEBHOOK_HEADERS = {
  messageId: "Tenprint-Message-Id",
  /** Unix seconds when this attempt was signed; part of the signed content so a replay is detectable. */
  timestamp: "Tenprint-Timestamp",
  /** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
  signature: "Tenprint-Signature",
} as const;

const SCHEME = "v1";
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

function digest(secret: string, timestamp: number | string, body: string | Uint8Array): Buffer {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest();
}

/** The `Tenprint-Signature` header value for `body` sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string | Uint8Array): string {
  return `${SCHEME}=${digest(secret, timestamp, body).toString("hex")}`;
}

export interface WebhookSignatureCheck {
  readonly secret: string;
  /** The `Tenprint-Timestamp` header as received. */
  readonly timestamp: string | number;
  /** The raw request body, before any JSON parsing (re-serialised JSON would not match). */
  readonly body: string | Uint8Array;
  /** The `Tenprint-Signature` header as received. */
  readonly signature: string;
  /** Oldest (and furthest in the future) timestamp accepted, against replays; defaults to 5 minutes. */
  readonly toleranceSeconds?: number;
  readonly now?: Date;
}

/**
 * True when `signature` is a valid v1 signature of `timestamp.body` with `secret` and the timestamp lies
 * within the tolerance of `now`. The header may list several comma-separated signatures (any valid v1
 * one suffices) so that new schemes can be added without breaking receivers.
 */
export function verifyWebhookSignature(check: WebhookSignatureCheck): boolean {
  const timestamp = String(check.timestamp).trim();
  if (!UNIX_SECONDS.test(timestamp)) return false;
  const nowSeconds = Math.floor((check.now ?? new Date()).getTime() / 1000);
  const tolerance = check.toleranceSeconds ?? SERVICE_PARAMETERS.delivery.signatureToleranceSeconds;
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) return false;
  const expected = digest(check.secret, timestamp, check.body);
  let valid = false;
  for (const entry of check.signature.split(",")) {
    const [scheme, value] = entry.trim().split("=", 2);
    if (scheme !== SCHEME || value === undefined || !HEX_SHA256.test(value)) continue;
    // Every candidate is compared in constant time, and the loop does not stop early on a match.
    if (timingSafeEqual(expected, Buffer.from(value, "hex"))) valid = true;
  }
  return valid;
}
