import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createHubStorage,
  type HubDatabaseHandle,
  type HubStorage,
  signWebhook,
  verifyAuditChain,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
} from "../src/index.js";
import {
  MessageDeliverer,
  type MessageDelivererOptions,
  type WebhookDelivery,
} from "../src/services/message-deliverer.js";
import { webhookTargetPolicy } from "../src/services/webhook-target-policy.js";
import type { RetryPolicy } from "../src/storage/outbox-repository.js";
import { manualClock } from "./services-fixtures.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

const SECRET = "whsec-test-0123456789";
const LEA = "VA0000001";
const ERO = "VAICE0000";
const INBOX_ONLY = "VA0000002";
/** The receivers here listen on loopback over plain http, which only the operator's allow-list permits. */
const TARGETS = webhookTargetPolicy({ allow: ["127.0.0.1"], allowHttp: true });

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

type Answer = number | "hang";

/** A webhook receiver on a real HTTP server; `answer` decides each response from the request count. */
class Receiver {
  readonly received: Received[] = [];
  answer: (request: Received, count: number) => Answer | Promise<Answer> = () => 200;
  readonly #server: Server;

  constructor() {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", async () => {
        const received = {
          path: request.url ?? "",
          headers: request.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        };
        this.received.push(received);
        const answer = await this.answer(received, this.received.length);
        if (answer === "hang") return;
        response.writeHead(answer, { "content-type": "text/plain" }).end(`status ${answer}`);
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
  }

  url(path = "/hook"): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}${path}`;
  }

  reset(): void {
    this.received.length = 0;
    this.answer = () => 200;
  }

  ids(): string[] {
    return this.received.map((request) => String(request.headers["tenprint-message-id"]));
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A URL on which nothing listens: the port of a server just closed. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}

function header(request: Received | undefined, name: string): string {
  return String(request?.headers[name.toLowerCase()]);
}

describe("webhook signatures", () => {
  const now = new Date("2026-03-02T10:00:00Z");
  const timestamp = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify({ id: "m1", content: { tcn: "T1" } });
  const signature = signWebhook(SECRET, timestamp, body);
  const check = { secret: SECRET, timestamp: String(timestamp), body, signature, now };

  it("accepts the signature of the exact body, as a string or as bytes", () => {
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(check)).toBe(true);
    expect(verifyWebhookSignature({ ...check, body: new TextEncoder().encode(body) })).toBe(true);
    expect(verifyWebhookSignature({ ...check, signature: `v0=abc, ${signature}` })).toBe(true);
  });

  it("rejects a tampered body, another secret, another timestamp and malformed headers", () => {
    expect(verifyWebhookSignature({ ...check, body: body.replace("T1", "T2") })).toBe(false);
    expect(verifyWebhookSignature({ ...check, secret: `${SECRET}x` })).toBe(false);
    expect(verifyWebhookSignature({ ...check, timestamp: String(timestamp - 1) })).toBe(false);
    for (const malformed of ["", "v1=", "v1=zz", signature.slice(0, -2), signature.replace("v1", "v2")])
      expect(verifyWebhookSignature({ ...check, signature: malformed })).toBe(false);
    expect(verifyWebhookSignature({ ...check, timestamp: "1e9" })).toBe(false);
  });

  it("rejects stale and future timestamps beyond the tolerance", () => {
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    expect(verifyWebhookSignature({ ...check, now: at(300) })).toBe(true);
    expect(verifyWebhookSignature({ ...check, now: at(301) })).toBe(false);
    expect(verifyWebhookSignature({ ...check, now: at(-301) })).toBe(false);
    expect(verifyWebhookSignature({ ...check, now: at(60), toleranceSeconds: 30 })).toBe(false);
  });
});

describe("MessageDeliverer options", () => {
  it("refuses a lease that does not outlast the HTTP timeout", () => {
    const db = {} as ConstructorParameters<typeof MessageDeliverer>[0];
    expect(() => new MessageDeliverer(db, { leaseMs: 5000, timeoutMs: 5000 })).toThrow(
      /must exceed timeoutMs/,
    );
    expect(() => new MessageDeliverer(db, { batchSize: 0 })).toThrow(RangeError);
  });
});

describe.each(BACKENDS)("message delivery on $name", (backend) => {
  let handle: HubDatabaseHandle;
  const receiver = new Receiver();

  beforeAll(async () => {
    handle = await backend.open();
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    receiver.reset();
  });

  function setup(options: MessageDelivererOptions = {}) {
    const clock = manualClock();
    const storage = createHubStorage(handle.db, { clock: clock.now });
    const deliverer = new MessageDeliverer(handle.db, { clock: clock.now, targets: TARGETS, ...options });
    return { clock, storage, deliverer };
  }

  async function enqueue(storage: HubStorage, recipientOri: string, extra: { suppressed?: boolean } = {}) {
    const { message } = await storage.outbox.enqueue({
      transactionId: null,
      type: "SRE",
      recipientOri,
      payloadJson: { tcn: "VA2026030200001" },
      ...extra,
    });
    return message;
  }

  it("posts a message once, signed, and audits the disclosure", async () => {
    const { clock, storage, deliverer } = setup();
    await storage.webhooks.put(LEA, receiver.url(), SECRET);
    const payload = new TextEncoder().encode("1.001:254\u001d1.002:0502\u001c");
    const { message } = await storage.outbox.enqueue({
      transactionId: null,
      type: "SRE",
      recipientOri: LEA,
      payload,
      payloadJson: { tcn: "VA2026030200001", ident: true },
    });

    expect(await deliverer.deliverDue()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(await deliverer.deliverDue()).toEqual({ delivered: 0, retried: 0, failed: 0 });

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request?.path).toBe("/hook");
    expect(header(request, "content-type")).toBe("application/json");
    expect(header(request, WEBHOOK_HEADERS.messageId)).toBe(message.id);
    const timestamp = header(request, WEBHOOK_HEADERS.timestamp);
    expect(Number(timestamp)).toBe(Math.floor(clock.now().getTime() / 1000));
    const signature = header(request, WEBHOOK_HEADERS.signature);
    const body = request?.body ?? "";
    expect(verifyWebhookSignature({ secret: SECRET, timestamp, body, signature, now: clock.now() })).toBe(
      true,
    );
    const delivery = JSON.parse(body) as WebhookDelivery;
    expect(delivery).toEqual({
      id: message.id,
      type: "SRE",
      transactionId: null,
      recipientOri: LEA,
      createdAt: message.createdAt.toISOString(),
      content: { tcn: "VA2026030200001", ident: true },
      ebts: Buffer.from(payload).toString("base64"),
    });
    expect(Buffer.from(delivery.ebts ?? "", "base64")).toEqual(Buffer.from(payload));

    expect(await storage.outbox.get(message.id)).toMatchObject({ status: "delivered", attempts: 1 });
    const audit = await storage.audit.query({ action: "MESSAGE_DELIVERED" });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: "deliverer",
      ori: LEA,
      object: `message:${message.id}`,
      purpose: "delivery",
      details: { type: "SRE", destination: receiver.url(), httpStatus: 200 },
    });
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  it("retries an HTTP 500 after the backoff and delivers once", async () => {
    const retry: RetryPolicy = { baseMs: 1000, maxMs: 8000, maxAttempts: 4 };
    const { clock, storage, deliverer } = setup({ retry });
    await storage.webhooks.put(LEA, receiver.url(), SECRET);
    receiver.answer = (_request, count) => (count === 1 ? 500 : 200);
    const message = await enqueue(storage, LEA);

    expect(await deliverer.deliverDue()).toEqual({ delivered: 0, retried: 1, failed: 0 });
    const waiting = await storage.outbox.get(message.id);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
    expect(waiting?.lastError).toBe(`HTTP 500 Internal Server Error from ${receiver.url()}`);

    clock.advance(retry.baseMs - 1);
    expect(await deliverer.deliverDue()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    clock.advance(1);
    expect(await deliverer.deliverDue()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    clock.advance(retry.maxMs * 10);
    expect(await deliverer.deliverDue()).toEqual({ delivered: 0, retried: 0, failed: 0 });

    expect(receiver.ids()).toEqual([message.id, message.id]);
    expect(await storage.outbox.get(message.id)).toMatchObject({
      status: "delivered",
      attempts: 2,
      lastError: null,
    });
    expect(await storage.audit.query({ action: "MESSAGE_DELIVERED" })).toHaveLength(1);
  });

  it("marks a message failed after its last attempt and audits it", async () => {
    const retry: RetryPolicy = { baseMs: 1000, maxMs: 4000, maxAttempts: 3 };
    const { clock, storage, deliverer } = setup({ retry });
    await storage.webhooks.put(LEA, receiver.url(), SECRET);
    receiver.answer = () => 503;
    const message = await enqueue(storage, LEA);

    const outcomes = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      outcomes.push(await deliverer.deliverDue());
      clock.advance(retry.maxMs);
    }
    expect(outcomes).toEqual([
      { delivered: 0, retried: 1, failed: 0 },
      { delivered: 0, retried: 1, failed: 0 },
      { delivered: 0, retried: 0, failed: 1 },
      { delivered: 0, retried: 0, failed: 0 },
      { delivered: 0, retried: 0, failed: 0 },
    ]);
    expect(receiver.received).toHaveLength(3);
    expect(await storage.outbox.get(message.id)).toMatchObject({
      status: "failed",
      attempts: 3,
      lastError: `HTTP 503 Service Unavailable from ${receiver.url()}`,
    });
    const audit = await storage.audit.query({ action: "DELIVERY_FAILED" });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: "deliverer",
      ori: LEA,
      object: `message:${message.id}`,
      purpose: "delivery",
      details: { attempts: 3, error: `HTTP 503 Service Unavailable from ${receiver.url()}` },
    });
    expect(await storage.audit.query({ action: "MESSAGE_DELIVERED" })).toEqual([]);
  });

  it("retries timeouts, refused connections, redirects and unusable URLs with a specific error", async () => {
    const { storage, deliverer } = setup({ timeoutMs: 300, leaseMs: 5000 });
    receiver.answer = (request) => (request.path === "/slow" ? "hang" : 302);
    const targets = {
      VA0000011: receiver.url("/slow"),
      VA0000012: await closedPortUrl(),
      VA0000013: receiver.url("/moved"),
      VA0000014: "ftp://127.0.0.1/hook",
    };
    const ids: Record<string, string> = {};
    for (const [ori, url] of Object.entries(targets)) {
      await storage.webhooks.put(ori, url, SECRET);
      ids[ori] = (await enqueue(storage, ori)).id;
    }

    expect(await deliverer.deliverDue()).toEqual({ delivered: 0, retried: 4, failed: 0 });
    const errorOf = async (ori: string) => (await storage.outbox.get(ids[ori] ?? ""))?.lastError;
    expect(await errorOf("VA0000011")).toBe(`POST to ${targets.VA0000011} failed: no response within 300 ms`);
    expect(await errorOf("VA0000012")).toMatch(
      new RegExp(`^POST to ${targets.VA0000012} failed: TypeError: fetch failed: connect ECONNREFUSED`),
    );
    expect(await errorOf("VA0000013")).toBe(
      `HTTP 302 Found from ${targets.VA0000013} (redirects are not followed)`,
    );
    expect(await errorOf("VA0000014")).toMatch(/webhook URL of VA0000014 is not an http\(s\) URL/);
  });

  it("never sends a suppressed message", async () => {
    const { clock, storage, deliverer } = setup();
    await storage.webhooks.put(LEA, receiver.url(), SECRET);
    const message = await enqueue(storage, LEA, { suppressed: true });
    const inboxSuppressed = await enqueue(storage, INBOX_ONLY, { suppressed: true });
    for (let round = 0; round < 3; round++) {
      expect(await deliverer.deliverDue()).toEqual({ delivered: 0, retried: 0, failed: 0 });
      clock.advance(3_600_000);
    }
    expect(receiver.received).toEqual([]);
    expect(await storage.outbox.get(message.id)).toMatchObject({ status: "suppressed", attempts: 0 });
    expect(await storage.outbox.get(inboxSuppressed.id)).toMatchObject({ status: "suppressed" });
  });

  it("places messages for an agency without a webhook in its inbox", async () => {
    const { storage, deliverer } = setup();
    await storage.webhooks.put(LEA, receiver.url(), SECRET);
    const inbox = [await enqueue(storage, INBOX_ONLY), await enqueue(storage, INBOX_ONLY)];
    const posted = await enqueue(storage, LEA);

    expect(await deliverer.deliverDue()).toEqual({ delivered: 3, retried: 0, failed: 0 });
    expect(receiver.ids()).toEqual([posted.id]);
    const unread = await storage.outbox.listForRecipient(INBOX_ONLY, {
      status: "delivered",
      unacknowledged: true,
    });
    expect(unread.map((message) => message.id).sort()).toEqual(inbox.map((message) => message.id).sort());
    expect(await storage.outbox.acknowledge(inbox[0]?.id ?? "", INBOX_ONLY)).toBe(true);
    const audit = await storage.audit.query({ action: "MESSAGE_DELIVERED" });
    expect(audit.map((event) => event.object)).toEqual([`message:${posted.id}`]);
  });

  it("re-sends a message whose deliverer died after claiming it, once its lease expires", async () => {
    const { clock, storage, deliverer } = setup({ leaseMs: 30_000 });
    await storage.webhooks.put(LEA, receiver.url(), SECRET);
    const message = await enqueue(storage, LEA);
    expect(await storage.outbox.claimDue({ limit: 10, leaseMs: 30_000 })).toHaveLength(1);

    expect(await deliverer.deliverDue()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    clock.advance(30_000);
    expect(await deliverer.deliverDue()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(receiver.ids()).toEqual([message.id]);
    expect(await storage.outbox.get(message.id)).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("never delivers one message twice across concurrent deliverers", async () => {
    const storage = createHubStorage(handle.db);
    const webhookOris = ["VA0000021", "VA0000022", ERO];
    for (const ori of webhookOris) await storage.webhooks.put(ori, receiver.url(`/${ori}`), SECRET);
    // Slow, uneven answers keep several claims in flight at once.
    receiver.answer = (_request, count) =>
      new Promise((resolve) => setTimeout(() => resolve(200), count % 4));
    const posted: string[] = [];
    const inbox: string[] = [];
    for (let i = 0; i < 60; i++) {
      const recipient = i % 4 === 3 ? INBOX_ONLY : (webhookOris[i % 3] ?? ERO);
      const message = await enqueue(storage, recipient);
      (recipient === INBOX_ONLY ? inbox : posted).push(message.id);
    }

    const run = async () => {
      const deliverer = new MessageDeliverer(handle.db, { batchSize: 7, targets: TARGETS });
      let delivered = 0;
      for (;;) {
        const counts = await deliverer.deliverDue();
        expect(counts).toMatchObject({ retried: 0, failed: 0 });
        if (counts.delivered === 0) return delivered;
        delivered += counts.delivered;
      }
    };
    const totals = await Promise.all([run(), run(), run()]);

    expect(totals.reduce((sum, n) => sum + n, 0)).toBe(60);
    expect(receiver.ids().sort()).toEqual([...posted].sort());
    for (const request of receiver.received)
      expect(request.path).toBe(`/${JSON.parse(request.body).recipientOri}`);
    const audit = await storage.audit.query({ action: "MESSAGE_DELIVERED" });
    expect(audit.map((event) => event.object).sort()).toEqual(posted.map((id) => `message:${id}`).sort());
    expect(await storage.outbox.listForRecipient(INBOX_ONLY, { status: "delivered" })).toHaveLength(
      inbox.length,
    );
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });
});
