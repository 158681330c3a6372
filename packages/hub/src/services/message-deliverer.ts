import type { Kysely } from "kysely";
import { type Agent, fetch } from "undici";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage, type HubStorage, runTransition } from "../storage/hub-storage.js";
import {
  DEFAULT_DELIVERY_RETRY,
  type OutboxMessage,
  type RetryPolicy,
} from "../storage/outbox-repository.js";
import type { Webhook } from "../storage/webhook-store.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";
import { webhookDispatcher } from "./webhook-dispatcher.js";
import { signWebhook, WEBHOOK_HEADERS } from "./webhook-signature.js";
import {
  checkWebhookTarget,
  WebhookTargetError,
  type WebhookTargetPolicy,
  webhookTargetPolicyFromEnv,
} from "./webhook-target-policy.js";

export interface MessageDelivererOptions {
  /** Time source for leases, backoff and the signature timestamp; tests pass a manual one. */
  readonly clock?: () => Date;
  /** Where webhooks may go; by default the operator's from the environment (`webhookTargetPolicyFromEnv`). */
  readonly targets?: WebhookTargetPolicy;
  readonly retry?: RetryPolicy;
  readonly leaseMs?: number;
  readonly batchSize?: number;
  readonly timeoutMs?: number;
}

/** What one deliverDue() did; a message another deliverer settled first is in none of the counts. */
export interface DeliveryCounts {
  /** Posted to a webhook and acknowledged with 2xx, or placed in the recipient's pull inbox. */
  delivered: number;
  /** The webhook attempt failed and the message waits for its backoff. */
  retried: number;
  /** The last attempt failed: the message is `failed` and will not be sent again. */
  failed: number;
}

/** JSON body of a webhook POST. */
export interface WebhookDelivery {
  id: string;
  type: string;
  transactionId: string | null;
  recipientOri: string;
  /** ISO 8601. */
  createdAt: string;
  content: Record<string, unknown>;
  /** The message as an EBTS file, base64; null for messages that exist only as JSON. */
  ebts: string | null;
}

type Outcome = keyof DeliveryCounts | "settled-elsewhere";

const ACTOR = "deliverer";
const PURPOSE = "delivery";

export function webhookDelivery(message: OutboxMessage): WebhookDelivery {
  return {
    id: message.id,
    type: message.type,
    transactionId: message.transactionId,
    recipientOri: message.recipientOri,
    createdAt: message.createdAt.toISOString(),
    content: message.payloadJson,
    ebts: message.payload ? Buffer.from(message.payload).toString("base64") : null,
  };
}

/** Where a delivery went, for errors and audit; without credentials or query, which may carry tokens. */
function destination(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no response within ${timeoutMs} ms`;
  if (error.cause instanceof WebhookTargetError) return `refused: ${error.cause.message}`;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.name}: ${error.message}${cause}`;
}

/**
 * Sends due outbox messages: to the recipient's webhook when it has one (signed POST, retried with
 * backoff), otherwise into its pull inbox. Deliveries are at least once: a crash between a successful POST
 * and recording it re-sends the message once the lease expires, so receivers dedupe on
 * `Tenprint-Message-Id`. Two deliverers never hold the same message at once (claims skip locked rows and
 * lease them), provided the lease outlasts the HTTP timeout, which the constructor enforces.
 */
export class MessageDeliverer {
  readonly #db: Kysely<HubDatabase>;
  readonly #clock: () => Date;
  readonly #targets: WebhookTargetPolicy;
  readonly #dispatcher: Agent;
  readonly #retry: RetryPolicy;
  readonly #leaseMs: number;
  readonly #batchSize: number;
  readonly #timeoutMs: number;

  constructor(db: Kysely<HubDatabase>, options: MessageDelivererOptions = {}) {
    const defaults = SERVICE_PARAMETERS.delivery;
    this.#db = db;
    this.#clock = options.clock ?? (() => new Date());
    this.#targets = options.targets ?? webhookTargetPolicyFromEnv();
    this.#retry = options.retry ?? DEFAULT_DELIVERY_RETRY;
    this.#leaseMs = options.leaseMs ?? defaults.leaseMs;
    this.#batchSize = options.batchSize ?? defaults.batchSize;
    this.#timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
    if (!Number.isInteger(this.#batchSize) || this.#batchSize < 1)
      throw new RangeError(`batchSize must be a positive integer, got ${this.#batchSize}`);
    if (!(this.#timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${this.#timeoutMs}`);
    if (!(this.#leaseMs > this.#timeoutMs))
      throw new RangeError(
        `leaseMs (${this.#leaseMs}) must exceed timeoutMs (${this.#timeoutMs}): otherwise another deliverer ` +
          "retakes a message while its POST is still in flight and the receiver gets it twice",
      );
    this.#dispatcher = webhookDispatcher(this.#targets, this.#timeoutMs);
  }

  /** Closes the webhook connections kept alive between deliveries. */
  async close(): Promise<void> {
    await this.#dispatcher.close();
  }

  /**
   * Claims up to one batch of due messages and settles each. Database errors are rethrown once the whole
   * batch has settled; the messages they concern return to the queue when their lease expires.
   */
  async deliverDue(): Promise<DeliveryCounts> {
    const storage = createHubStorage(this.#db, { clock: this.#clock });
    const batch = await storage.outbox.claimDue({ limit: this.#batchSize, leaseMs: this.#leaseMs });
    const webhooks = new Map<string, Promise<Webhook | undefined>>();
    const webhookOf = (ori: string) => {
      let webhook = webhooks.get(ori);
      if (!webhook) {
        webhook = storage.webhooks.get(ori);
        webhooks.set(ori, webhook);
      }
      return webhook;
    };
    const settled = await Promise.allSettled(
      batch.map(async (message) => {
        const webhook = await webhookOf(message.recipientOri);
        return webhook ? this.#post(message, webhook) : this.#toInbox(storage, message);
      }),
    );
    const counts: DeliveryCounts = { delivered: 0, retried: 0, failed: 0 };
    for (const result of settled) {
      if (result.status === "rejected") throw result.reason;
      if (result.value !== "settled-elsewhere") counts[result.value]++;
    }
    return counts;
  }

  /** The inbox is the message table itself: marking it delivered makes it visible to the recipient's reads. */
  async #toInbox(storage: HubStorage, message: OutboxMessage): Promise<Outcome> {
    return (await storage.outbox.markDelivered(message.id)) ? "delivered" : "settled-elsewhere";
  }

  async #post(message: OutboxMessage, webhook: Webhook): Promise<Outcome> {
    const url = URL.canParse(webhook.url) ? new URL(webhook.url) : undefined;
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
      return this.#recordFailure(
        message,
        `the webhook URL of ${webhook.ori} is not an http(s) URL; set a valid one to resume delivery`,
      );
    // Scheme and literal addresses are checked again at every delivery (the operator's policy may have
    // changed since registration); names are resolved and judged by the dispatcher as it connects.
    try {
      await checkWebhookTarget(this.#targets, url, { resolve: false });
    } catch (error) {
      if (!(error instanceof WebhookTargetError)) throw error;
      return this.#recordFailure(message, `POST to ${destination(url)} refused: ${error.message}`);
    }
    const body = JSON.stringify(webhookDelivery(message));
    const timestamp = Math.floor(this.#clock().getTime() / 1000);
    let status: number;
    let statusText: string;
    try {
      const response = await fetch(url, {
        dispatcher: this.#dispatcher,
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          [WEBHOOK_HEADERS.messageId]: message.id,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook(webhook.secret, timestamp, body),
        },
        body,
        // A redirect would re-send the signed message to a host the agency never registered.
        redirect: "manual",
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      ({ status, statusText } = response);
      // Unread bodies keep the connection busy; nothing in the receiver's answer is needed.
      await response.body?.cancel().catch(() => undefined);
    } catch (error) {
      const reason = describeFetchError(error, this.#timeoutMs);
      return this.#recordFailure(message, `POST to ${destination(url)} failed: ${reason}`);
    }
    if (status < 200 || status > 299) {
      const text = statusText ? ` ${statusText}` : "";
      const hint = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
      return this.#recordFailure(message, `HTTP ${status}${text} from ${destination(url)}${hint}`);
    }
    return this.#recordDelivery(message, destination(url), status);
  }

  /** The state change and its audit event commit together, so every disclosure is on the audit chain. */
  #recordDelivery(message: OutboxMessage, to: string, httpStatus: number): Promise<Outcome> {
    return runTransition(
      this.#db,
      async (storage) => {
        if (!(await storage.outbox.markDelivered(message.id))) return "settled-elsewhere";
        await storage.audit.append({
          actor: ACTOR,
          ori: message.recipientOri,
          purpose: PURPOSE,
          action: "MESSAGE_DELIVERED",
          object: `message:${message.id}`,
          details: {
            type: message.type,
            transactionId: message.transactionId,
            destination: to,
            attempt: message.attempts,
            httpStatus,
          },
        });
        return "delivered";
      },
      { clock: this.#clock },
    );
  }

  #recordFailure(message: OutboxMessage, error: string): Promise<Outcome> {
    return runTransition(
      this.#db,
      async (storage) => {
        // markFailed reports a message already settled by someone else with its current status.
        if ((await storage.outbox.get(message.id))?.status !== "pending") return "settled-elsewhere";
        const status = await storage.outbox.markFailed(message.id, error, this.#retry);
        if (status === "pending") return "retried";
        if (status !== "failed") return "settled-elsewhere";
        await storage.audit.append({
          actor: ACTOR,
          ori: message.recipientOri,
          purpose: PURPOSE,
          action: "DELIVERY_FAILED",
          object: `message:${message.id}`,
          details: {
            type: message.type,
            transactionId: message.transactionId,
            attempts: message.attempts,
            error,
          },
        });
        return "failed";
      },
      { clock: this.#clock },
    );
  }
}
