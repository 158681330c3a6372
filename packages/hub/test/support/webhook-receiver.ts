import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhookSignature, WEBHOOK_HEADERS } from "../../src/index.js";
import type { WebhookDelivery } from "../../src/services/message-deliverer.js";

/**
 * An agency's webhook endpoint: verifies each POST's signature and records every message id it receives,
 * duplicates included (deliveries are at least once; a receiver dedupes on the message id).
 */
export class WebhookReceiver {
  readonly secret: string;
  /** Message ids in arrival order, one entry per POST. */
  readonly received: string[] = [];
  readonly types = new Map<string, string>();
  readonly problems: string[] = [];
  /** The sender's clock runs ahead of this one by this much (see HubProcessConfig.clockOffsetMs). */
  senderClockOffsetMs = 0;
  readonly #server: Server;

  private constructor(secret: string, server: Server) {
    this.secret = secret;
    this.#server = server;
  }

  static async start(secret: string): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((request, response) => {
      void receiver?.handle(request).then((status) => {
        response.writeHead(status).end();
      });
    });
    receiver = new WebhookReceiver(secret, server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/webhook`;
  }

  async handle(request: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const header = (name: string) => String(request.headers[name.toLowerCase()] ?? "");
    const id = header(WEBHOOK_HEADERS.messageId);
    const valid = verifyWebhookSignature({
      secret: this.secret,
      timestamp: header(WEBHOOK_HEADERS.timestamp),
      signature: header(WEBHOOK_HEADERS.signature),
      body,
      now: new Date(Date.now() + this.senderClockOffsetMs),
    });
    const delivery = JSON.parse(body.toString("utf8")) as WebhookDelivery;
    if (!valid) this.problems.push(`message ${id}: bad signature`);
    if (delivery.id !== id) this.problems.push(`message ${id}: body names ${delivery.id}`);
    if (!valid) return 401;
    this.received.push(id);
    this.types.set(id, delivery.type);
    return 200;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
