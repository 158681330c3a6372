import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHubStorage, type HubDatabaseHandle } from "../src/index.js";
import { MessageDeliverer } from "../src/services/message-deliverer.js";
import {
  checkWebhookTarget,
  refusedAddress,
  webhookTargetPolicy,
} from "../src/services/webhook-target-policy.js";
import {
  bearer,
  issueRoleKeys,
  type RoleKeys,
  roleOris,
  TEST_HOSTS,
  TEST_WEBHOOK_TARGETS,
  testApi,
} from "./api-harness.js";
import { BACKENDS, resetTables } from "./storage-backends.js";

const SECRET = "a-long-shared-secret";

/** Every spelling of an address inside the network an agency tried, with the range it names. */
const INTERNAL_URLS: readonly (readonly [string, RegExp])[] = [
  ["https://127.0.0.1:6379/", /loopback/],
  ["https://2130706433/", /127\.0\.0\.1 is a loopback/],
  ["https://0177.0.0.1/", /127\.0\.0\.1 is a loopback/],
  ["https://0x7f000001/", /127\.0\.0\.1 is a loopback/],
  ["https://127.1/", /127\.0\.0\.1 is a loopback/],
  ["https://[::1]:8080/", /loopback/],
  ["https://[::ffff:127.0.0.1]/", /127\.0\.0\.1 is a loopback/],
  ["https://[::ffff:a9fe:a9fe]/latest/meta-data", /169\.254\.169\.254 is a linkLocal/],
  ["https://169.254.169.254/latest/meta-data/", /linkLocal/],
  ["https://10.0.0.5/", /private/],
  ["https://172.16.3.4/", /private/],
  ["https://192.168.1.1/", /private/],
  ["https://100.64.0.1/", /carrierGradeNat/],
  ["https://0.0.0.0/", /unspecified/],
  ["https://[::]/", /unspecified/],
  ["https://224.0.0.251/", /multicast/],
  ["https://[ff02::1]/", /multicast/],
  ["https://[fe80::1]/", /linkLocal/],
  ["https://[fc00::1]/", /uniqueLocal/],
  ["https://[64:ff9b::7f00:1]/", /rfc6052/],
  ["https://localhost.example/", /localhost\.example resolves to 127\.0\.0\.1 is a loopback/],
  ["https://metadata.example/", /linkLocal/],
  ["https://intranet.example/", /private/],
  ["https://v6-loopback.example/", /loopback/],
];

describe("webhook target policy", () => {
  it("refuses every non-public address in every spelling, and accepts a public https host", async () => {
    for (const [url, reason] of INTERNAL_URLS)
      await expect(checkWebhookTarget(TEST_WEBHOOK_TARGETS, new URL(url)), url).rejects.toThrow(reason);
    await expect(
      checkWebhookTarget(TEST_WEBHOOK_TARGETS, new URL("https://ero.example/hook")),
    ).resolves.toBeUndefined();
    await expect(checkWebhookTarget(TEST_WEBHOOK_TARGETS, new URL("https://93.184.215.14/"))).resolves.toBe(
      undefined,
    );
    expect(refusedAddress(TEST_WEBHOOK_TARGETS, "2606:4700:4700::1111")).toBeUndefined();
  });

  it("requires https unless the operator allows plain http, and refuses names that do not resolve", async () => {
    await expect(checkWebhookTarget(TEST_WEBHOOK_TARGETS, new URL("http://ero.example/"))).rejects.toThrow(
      /must use https/,
    );
    const plain = webhookTargetPolicy({ allowHttp: true, lookup: TEST_WEBHOOK_TARGETS.lookup });
    await expect(checkWebhookTarget(plain, new URL("http://ero.example/"))).resolves.toBeUndefined();
    await expect(checkWebhookTarget(plain, new URL("http://2130706433/"))).rejects.toThrow(/loopback/);
    await expect(checkWebhookTarget(plain, new URL("https://nowhere.example/"))).rejects.toThrow(
      /does not resolve/,
    );
  });

  it("lets the operator allow listed hosts, addresses and ranges", async () => {
    const allowed = webhookTargetPolicy({
      allow: ["127.0.0.1", "10.0.0.0/8", "Localhost.example", "[::1]"],
      lookup: TEST_WEBHOOK_TARGETS.lookup,
    });
    for (const url of [
      "https://127.0.0.1:9000/",
      "https://2130706433/",
      "https://10.200.1.1/",
      "https://intranet.example/",
      "https://localhost.example/",
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
    ])
      await expect(checkWebhookTarget(allowed, new URL(url)), url).resolves.toBeUndefined();
    await expect(checkWebhookTarget(allowed, new URL("https://192.168.0.1/"))).rejects.toThrow(/private/);
    expect(() => webhookTargetPolicy({ allow: ["10.0.0.0/99"] })).toThrow(/not a valid CIDR/);
  });
});

/** A receiver on loopback that counts what reaches it. */
class Receiver {
  posts = 0;
  readonly #server: Server = createServer((request, response) => {
    this.posts++;
    request.resume();
    response.writeHead(200).end();
  });
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
  }
  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }
  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

describe.each(BACKENDS)("webhooks cannot reach inside the network on $name", (backend) => {
  let handle: HubDatabaseHandle;
  let app: FastifyInstance;
  let keys: RoleKeys;
  const receiver = new Receiver();
  const ori = roleOris().LEA;

  beforeAll(async () => {
    handle = await backend.open();
    app = testApi(handle);
    await Promise.all([app.ready(), receiver.start()]);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await receiver.stop();
    await handle?.close();
  });
  beforeEach(async () => {
    await resetTables(handle);
    keys = await issueRoleKeys(handle);
    receiver.posts = 0;
  });

  const put = (url: string, target = app) =>
    target.inject({
      method: "PUT",
      url: "/v1/webhook",
      headers: bearer(keys.LEA),
      payload: { url, secret: SECRET },
    });

  it("refuses internal targets at registration with 422 naming body.url, and stores nothing", async () => {
    for (const [url, reason] of [...INTERNAL_URLS, ["http://ero.example/hook", /must use https/] as const]) {
      const response = await put(url);
      expect(response.statusCode, url).toBe(422);
      expect(response.json(), url).toMatchObject({ error: "invalid_input", field: "body.url" });
      expect(response.json().message, url).toMatch(reason);
    }
    expect(await createHubStorage(handle.db).webhooks.get(ori)).toBeUndefined();
    expect((await put("https://ero.example/hook")).statusCode).toBe(200);
  });

  it("keeps a webhook URL's query string (its tokens) out of the audit log", async () => {
    expect((await put("https://ero.example/hook?token=tok-7f3a9c-secret&x=1")).statusCode).toBe(200);
    expect((await createHubStorage(handle.db).webhooks.get(ori))?.url).toContain("tok-7f3a9c-secret");
    const events = await createHubStorage(handle.db).audit.query({ action: "WEBHOOK_SET" });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain("tok-7f3a9c-secret");
    expect(events[0]?.details).toMatchObject({ url: "https://ero.example/hook?…" });
  });

  async function deliverOne(targets: ReturnType<typeof webhookTargetPolicy>) {
    const storage = createHubStorage(handle.db);
    const { message } = await storage.outbox.enqueue({
      transactionId: null,
      type: "SRE",
      recipientOri: ori,
      payloadJson: { tcn: "VA2026030200001" },
    });
    const deliverer = new MessageDeliverer(handle.db, { targets });
    try {
      const counts = await deliverer.deliverDue();
      return { counts, stored: await storage.outbox.get(message.id) };
    } finally {
      await deliverer.close();
    }
  }

  it("does not POST to a loopback webhook stored before the check existed", async () => {
    // Registered under the old rules: the URL is in the table, but delivery judges it again.
    await createHubStorage(handle.db).webhooks.put(ori, `http://2130706433:${receiver.port}/hook`, SECRET);
    const { counts, stored } = await deliverOne(
      webhookTargetPolicy({ allowHttp: true, lookup: TEST_WEBHOOK_TARGETS.lookup }),
    );
    expect(counts).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect(stored?.lastError).toMatch(/refused: .*127\.0\.0\.1 is a loopback address/);
    expect(receiver.posts).toBe(0);
  });

  it("checks the address it connects to: a name that rebinds to loopback after registration gets nothing", async () => {
    let lookups = 0;
    const rebinding = webhookTargetPolicy({
      allowHttp: true,
      // Public while the agency registers; loopback by the time the hub connects.
      lookup: async () => [{ address: lookups++ === 0 ? "93.184.215.14" : "127.0.0.1", family: 4 }],
    });
    const rebindingApi = testApi(handle, {}, rebinding);
    try {
      expect((await put(`http://rebind.example:${receiver.port}/hook`, rebindingApi)).statusCode).toBe(200);
    } finally {
      await rebindingApi.close();
    }
    const { counts, stored } = await deliverOne(rebinding);
    expect(counts.delivered).toBe(0);
    expect(stored?.lastError).toMatch(/refused: rebind\.example resolves to 127\.0\.0\.1 is a loopback/);
    expect(receiver.posts).toBe(0);
    expect(lookups).toBeGreaterThan(1);
  });

  it("delivers to a receiver the operator allowed", async () => {
    await createHubStorage(handle.db).webhooks.put(ori, `http://127.0.0.1:${receiver.port}/hook`, SECRET);
    const { counts } = await deliverOne(webhookTargetPolicy({ allow: ["127.0.0.0/8"], allowHttp: true }));
    expect(counts).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(receiver.posts).toBe(1);
    expect(TEST_HOSTS["ero.example"]).toBeDefined();
  });
});
