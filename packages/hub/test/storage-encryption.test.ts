import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createEnvelopeCipher,
  createHubStorage,
  demoMasterKey,
  type HubDatabaseHandle,
  masterKeyFromEnvironment,
  openHubDatabase,
  PLAINTEXT_CIPHER,
} from "../src/index.js";
import { EncryptionError, masterKeyFrom } from "../src/storage/envelope-cipher.js";
import { runTransition } from "../src/storage/hub-storage.js";
import { initialisedDataDir } from "./storage-backends.js";

const KEY = masterKeyFrom(randomBytes(32));
const OTHER_KEY = masterKeyFrom(randomBytes(32));
const text = (value: string) => new TextEncoder().encode(value);
const contains = (haystack: Uint8Array, needle: Uint8Array) =>
  Buffer.from(haystack).includes(Buffer.from(needle));

describe("envelope cipher", () => {
  const cipher = createEnvelopeCipher(KEY);

  it("seals with a fresh data key per value and opens only in the row it was sealed for", () => {
    const plain = text("GARCIA, MARIA 19800101");
    const first = cipher.seal(plain, "subject_records.record:ident/A1");
    const second = cipher.seal(plain, "subject_records.record:ident/A1");
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    expect(contains(first, plain)).toBe(false);
    expect(Buffer.from(first).subarray(0, 4).toString()).toBe("TPE1");
    expect(Buffer.from(first).includes(Buffer.from(KEY.id))).toBe(true);
    expect(cipher.open(first, "subject_records.record:ident/A1")).toEqual(Buffer.from(plain));
    expect(() => cipher.open(first, "subject_records.record:ident/A2")).toThrow(EncryptionError);
    expect(() => cipher.open(first, "subject_records.record:ident/A2")).toThrow(/moved from another row/);
  });

  it("detects a flipped bit in the ciphertext or in the wrapped key", () => {
    const sealed = Buffer.from(cipher.seal(text("template bytes"), "ctx"));
    const body = Buffer.from(sealed);
    body[body.length - 1] = (body.at(-1) ?? 0) ^ 1;
    expect(() => cipher.open(body, "ctx")).toThrow(/does not open/);
    const header = Buffer.from(sealed);
    header[5 + KEY.id.length + 30] = (header[5 + KEY.id.length + 30] ?? 0) ^ 1;
    expect(() => cipher.open(header, "ctx")).toThrow(/data key does not open/);
  });

  it("names a master key it does not have, and refuses sealed values without any", () => {
    const sealed = createEnvelopeCipher(OTHER_KEY).seal(text("x"), "ctx");
    expect(() => cipher.open(sealed, "ctx")).toThrow(`sealed under master key ${OTHER_KEY.id}`);
    expect(() => PLAINTEXT_CIPHER.open(sealed, "ctx")).toThrow(/no master key was given/);
  });

  it("reads a value stored before encryption, and rewrap seals it", () => {
    const legacy = text("1.001:...");
    expect(cipher.open(legacy, "ctx")).toBe(legacy);
    const sealed = cipher.rewrap(legacy, "ctx");
    expect(sealed && Buffer.from(cipher.open(sealed, "ctx")).toString()).toBe("1.001:...");
  });

  it("rewraps only the data key: the body is unchanged and opens under the new key alone", () => {
    const old = createEnvelopeCipher(OTHER_KEY).seal(text("secret"), "ctx");
    const rotating = createEnvelopeCipher(KEY, [OTHER_KEY]);
    const rewrapped = rotating.rewrap(old, "ctx");
    if (!rewrapped) throw new Error("expected a rewrap");
    expect(Buffer.from(rewrapped).subarray(-34).equals(Buffer.from(old).subarray(-34))).toBe(true);
    expect(Buffer.from(cipher.open(rewrapped, "ctx")).toString()).toBe("secret");
    // Nonce, tag and the 6 bytes of ciphertext: the body stays; only the wrapped data key changes.
    expect(Buffer.from(rewrapped).subarray(0, -34).equals(Buffer.from(old).subarray(0, -34))).toBe(false);
    expect(rotating.rewrap(rewrapped, "ctx")).toBeUndefined();
  });
});

describe("master key sources", () => {
  const dir = mkdtempSync(join(tmpdir(), "tenprint-key-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads base64 from TENPRINT_MASTER_KEY or from the file TENPRINT_MASTER_KEY_FILE names", () => {
    const raw = randomBytes(32);
    expect(masterKeyFromEnvironment({ TENPRINT_MASTER_KEY: raw.toString("base64") })?.key).toEqual(raw);
    const file = join(dir, "key");
    writeFileSync(file, `${raw.toString("base64")}\n`);
    expect(masterKeyFromEnvironment({ TENPRINT_MASTER_KEY_FILE: file })?.key).toEqual(raw);
    expect(masterKeyFromEnvironment({})).toBeUndefined();
    expect(() => masterKeyFromEnvironment({ TENPRINT_MASTER_KEY: "c2hvcnQ=" })).toThrow(
      /TENPRINT_MASTER_KEY: a master key is 32 random bytes in base64 .* found 5 bytes/,
    );
    expect(() => masterKeyFromEnvironment({ TENPRINT_MASTER_KEY_FILE: join(dir, "none") })).toThrow(
      /cannot read the master key file/,
    );
  });

  it("the demo makes one in its data directory, mode 0600, and reuses it", () => {
    const dataDir = join(dir, "demo");
    const first = demoMasterKey(dataDir, {});
    expect(first.generated).toBe(join(dataDir, "master.key"));
    expect(statSync(join(dataDir, "master.key")).mode & 0o777).toBe(0o600);
    const again = demoMasterKey(dataDir, {});
    expect(again.generated).toBeUndefined();
    expect(again.key.id).toBe(first.key.id);
  });
});

describe("stores on an encrypted database", () => {
  let dataDir: string;
  let handle: HubDatabaseHandle;
  const wsq = Buffer.concat([Buffer.from([0xff, 0xa0, 0xff, 0xa8]), randomBytes(400)]);
  const template = Buffer.concat([Buffer.from("FMR\0 20\0"), randomBytes(200)]);
  const ebts = Buffer.from("1.001:...\u001d1.002:0502\u001c2.018:NAVARRO-PRUITT,EZEKIEL\u001c");

  beforeAll(async () => {
    dataDir = await initialisedDataDir();
    handle = await openHubDatabase({ dataDir, cipher: createEnvelopeCipher(KEY) });
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("writes every protected column sealed and reads it back, inside and outside a transition", async () => {
    let transactionId = "";
    let messageId = "";
    await runTransition(handle.db, async (storage) => {
      await storage.enrolledPrints.put("criminal", "ID-1", [{ position: 2, wsq, ppi: 500 }]);
      await storage.gallery.put("criminal", [{ identity: "ID-1", position: 2, template }]);
      await storage.subjects.put("criminal", "ID-1", {
        identity: "ID-1",
        name: { surname: "NAVARRO-PRUITT" },
      });
      await storage.webhooks.put("VA0290000", "https://lea.example/hook", "whsec-0123456789abcdef");
      const { transaction } = await storage.transactions.createOrGet({
        tcn: "ENC-1",
        tot: "CAR",
        submitterOri: "VA0290000",
        state: "RECEIVED",
        request: ebts,
      });
      transactionId = transaction.id;
      const { message } = await storage.outbox.enqueue({
        transactionId,
        type: "IAQ",
        recipientOri: "VA0290000",
        payload: ebts,
      });
      messageId = message.id;
    });
    const storage = createHubStorage(handle.db);
    expect(Buffer.from((await storage.enrolledPrints.get("criminal", "ID-1", 2))?.wsq ?? [])).toEqual(wsq);
    expect(Buffer.from((await storage.gallery.forIdentity("criminal", "ID-1"))[0]?.template ?? [])).toEqual(
      template,
    );
    const pages = [];
    for await (const page of storage.gallery.load("criminal")) pages.push(...page);
    expect(Buffer.from(pages[0]?.template ?? [])).toEqual(template);
    expect(await storage.subjects.get("criminal", "ID-1")).toEqual({
      identity: "ID-1",
      name: { surname: "NAVARRO-PRUITT" },
    });
    expect((await storage.webhooks.get("VA0290000"))?.secret).toBe("whsec-0123456789abcdef");
    expect(Buffer.from((await storage.transactions.getRequest(transactionId)) ?? [])).toEqual(ebts);
    expect(Buffer.from((await storage.outbox.get(messageId))?.payload ?? [])).toEqual(ebts);

    const raw = await sql<{ value: Uint8Array | null }>`
      select wsq as value from enrolled_prints union all select template from gallery_templates
      union all select sealed from subject_records union all select sealed_secret from webhooks
      union all select request from transactions union all select payload from messages`.execute(handle.db);
    expect(raw.rows).toHaveLength(6);
    for (const { value } of raw.rows) {
      expect(
        Buffer.from(value ?? [])
          .subarray(0, 4)
          .toString(),
      ).toBe("TPE1");
      for (const plain of [
        wsq.subarray(4, 36),
        template.subarray(0, 32),
        text("NAVARRO"),
        text("whsec-0123"),
      ])
        expect(contains(value ?? new Uint8Array(), plain)).toBe(false);
    }
    const plainColumns = await sql<{ n: number }>`
      select (select count(*) from subject_records where record is not null)
        + (select count(*) from webhooks where secret is not null) as n`.execute(handle.db);
    expect(Number(plainColumns.rows[0]?.n)).toBe(0);
  });

  it("refuses a sealed value copied into another row", async () => {
    const storage = createHubStorage(handle.db);
    await storage.subjects.put("criminal", "ID-2", { identity: "ID-2", name: { surname: "OTHER" } });
    await sql`update subject_records set sealed = (select sealed from subject_records where identity = 'ID-1')
      where identity = 'ID-2'`.execute(handle.db);
    await expect(storage.subjects.get("criminal", "ID-2")).rejects.toThrow(
      "subject_records.record:criminal/ID-2: the data key does not open",
    );
    await storage.enrolledPrints.put("criminal", "ID-2", [{ position: 3, wsq, ppi: 500 }]);
    await sql`update enrolled_prints set wsq = (select wsq from enrolled_prints where identity = 'ID-1')
      where identity = 'ID-2'`.execute(handle.db);
    await expect(storage.enrolledPrints.get("criminal", "ID-2", 3)).rejects.toThrow(EncryptionError);
  });

  it("cannot be read without the master key", async () => {
    const storage = createHubStorage(handle.db, { cipher: PLAINTEXT_CIPHER });
    await expect(storage.webhooks.get("VA0290000")).rejects.toThrow(
      "webhooks.secret:VA0290000: the value is encrypted but no master key was given",
    );
  });
});
