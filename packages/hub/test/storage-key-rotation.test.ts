import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createEnvelopeCipher,
  createHubStorage,
  type HubDatabaseHandle,
  openHubDatabase,
  rotateMasterKey,
} from "../src/index.js";
import { masterKeyFrom } from "../src/storage/envelope-cipher.js";
import { initialisedDataDir } from "./storage-backends.js";

const OLD = masterKeyFrom(randomBytes(32));
const NEW = masterKeyFrom(randomBytes(32));
const wsq = Buffer.concat([Buffer.from([0xff, 0xa0]), randomBytes(300)]);
const template = randomBytes(180);
const ebts = Buffer.from("1.001:...\u001c2.018:KOWALCZYK,ANNA\u001c");

describe("master key rotation", () => {
  let dataDir: string;
  let handle: HubDatabaseHandle;
  let transactionId = "";
  let messageId = "";

  beforeAll(async () => {
    dataDir = await initialisedDataDir();
    handle = await openHubDatabase({ dataDir });
    // A record and a webhook from before encryption was turned on: rotation seals them too.
    await sql`insert into subject_records (repository, identity, record)
      values ('ident', 'OLD-1', ${JSON.stringify({ identity: "OLD-1", name: "KOWALCZYK" })}::jsonb)`.execute(
      handle.db,
    );
    await sql`insert into webhooks (ori, url, secret, updated_at)
      values ('VA0290000', 'https://lea.example/', 'legacy-secret-42', now())`.execute(handle.db);
    const sealed = createHubStorage(handle.db, { cipher: createEnvelopeCipher(OLD) });
    for (let i = 0; i < 7; i++) {
      await sealed.enrolledPrints.put("criminal", `ID-${i}`, [{ position: 1 + (i % 10), wsq, ppi: 500 }]);
      await sealed.gallery.put("criminal", [{ identity: `ID-${i}`, position: 1, template }]);
      await sealed.subjects.put("criminal", `ID-${i}`, { identity: `ID-${i}`, name: "KOWALCZYK" });
    }
    const { transaction } = await sealed.transactions.createOrGet({
      tcn: "ROT-1",
      tot: "CAR",
      submitterOri: "VA0290000",
      state: "RECEIVED",
      request: ebts,
    });
    transactionId = transaction.id;
    const { message } = await sealed.outbox.enqueue({
      transactionId,
      type: "IAR",
      recipientOri: "VA0290000",
      payload: ebts,
    });
    messageId = message.id;
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("re-wraps every value under the new key, seals old plain rows, and audits it; then the old key is not needed", async () => {
    const rotating = createEnvelopeCipher(NEW, [OLD]);
    const result = await rotateMasterKey(handle.db, rotating, {
      actor: "test",
      fromKeyIds: [OLD.id],
      toKeyId: NEW.id,
      pageSize: 3,
    });
    expect(result.rewrapped).toEqual({
      "enrolled_prints.wsq": 7,
      "gallery_templates.template": 7,
      "subject_records.record": 8,
      "webhooks.secret": 1,
      "transactions.request": 1,
      "messages.payload": 1,
      "gallery_events.payload": 0,
    });
    expect(result.unchanged).toBe(0);

    const onlyNew = createHubStorage(handle.db, { cipher: createEnvelopeCipher(NEW) });
    for (let i = 0; i < 7; i++) {
      expect(
        Buffer.from((await onlyNew.enrolledPrints.get("criminal", `ID-${i}`, 1 + (i % 10)))?.wsq ?? []),
      ).toEqual(wsq);
      expect(
        Buffer.from((await onlyNew.gallery.forIdentity("criminal", `ID-${i}`))[0]?.template ?? []),
      ).toEqual(template);
      expect(await onlyNew.subjects.get("criminal", `ID-${i}`)).toEqual({
        identity: `ID-${i}`,
        name: "KOWALCZYK",
      });
    }
    expect(await onlyNew.subjects.get("ident", "OLD-1")).toEqual({ identity: "OLD-1", name: "KOWALCZYK" });
    expect((await onlyNew.webhooks.get("VA0290000"))?.secret).toBe("legacy-secret-42");
    expect(Buffer.from((await onlyNew.transactions.getRequest(transactionId)) ?? [])).toEqual(ebts);
    expect(Buffer.from((await onlyNew.outbox.get(messageId))?.payload ?? [])).toEqual(ebts);
    const leftPlain = await sql<{ n: number }>`select
      (select count(*) from subject_records where record is not null or sealed is null)
      + (select count(*) from webhooks where secret is not null) as n`.execute(handle.db);
    expect(Number(leftPlain.rows[0]?.n)).toBe(0);

    const onlyOld = createHubStorage(handle.db, { cipher: createEnvelopeCipher(OLD) });
    await expect(onlyOld.subjects.get("criminal", "ID-0")).rejects.toThrow(
      `sealed under master key ${NEW.id}`,
    );

    const events = await createHubStorage(handle.db).audit.query({ action: "MASTER_KEY_ROTATED" });
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toMatchObject({ from: [OLD.id], to: NEW.id, unchanged: 0 });

    const again = await rotateMasterKey(handle.db, createEnvelopeCipher(NEW), {
      actor: "test",
      fromKeyIds: [NEW.id],
      toKeyId: NEW.id,
    });
    expect(Object.values(again.rewrapped).every((n) => n === 0)).toBe(true);
    expect(again.unchanged).toBe(25);
  });
});
