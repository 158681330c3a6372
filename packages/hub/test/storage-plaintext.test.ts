import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { runDemo } from "../../demo/src/index.js";
import { createEnvelopeCipher, createHubStorage, openHubDatabase, readMasterKeyFile } from "../src/index.js";
import { initialisedDataDir } from "./storage-backends.js";

const SIZES = { people: 60, criminalDistractors: 40, identDistractors: 20 };
const WEBHOOK_SECRET = "whsec-plaintext-probe-7f3a9c21d4e8b605";
/** Byte windows this long cannot turn up by chance in a few hundred MB. */
const WINDOW = 24;
/** Shorter names would match catalog text and compressed bytes by chance. */
const MIN_NAME = 6;

/** Runs the demo until `wanted` bookings are in and one SRE has gone out (the PMO's statistics), then stops it. */
async function demoRun(dataDir: string, wanted: number): Promise<void> {
  const lines: string[] = [];
  const controller = new AbortController();
  const running = runDemo({
    dataDir,
    port: 0,
    rate: 5,
    sizes: SIZES,
    print: (line) => lines.push(line),
    signal: controller.signal,
  });
  let failure: unknown;
  running.catch((error) => {
    failure = error;
  });
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (failure) throw failure;
    if (Date.now() > deadline) throw new Error(`the demo made too few bookings:\n${lines.join("\n")}`);
    const url = lines.map((line) => /^serving (\S+)/.exec(line)?.[1]).find(Boolean);
    if (url && (await progress(dataDir, url, wanted))) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  controller.abort();
  await running;
}

async function progress(dataDir: string, url: string, wanted: number): Promise<boolean> {
  const credentials = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8")) as {
    role: string;
    apiKey: string;
  }[];
  const pmo = credentials.find((c) => c.role === "PMO");
  const response = await fetch(`${url}/v1/stats`, { headers: { authorization: `Bearer ${pmo?.apiKey}` } });
  const stats = (await response.json()) as {
    overall?: { bookings?: number; sreIdent?: number; sreNonIdent?: number };
  };
  const sre = (stats.overall?.sreIdent ?? 0) + (stats.overall?.sreNonIdent ?? 0);
  return (stats.overall?.bookings ?? 0) >= wanted && sre >= 1;
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** Which needles occur in `haystack`: one pass, indexed by each needle's first four bytes. */
function findNeedles(haystack: Buffer, index: Map<number, Buffer[]>): Buffer[] {
  const found: Buffer[] = [];
  for (let i = 0; i + 4 <= haystack.length; i++) {
    const candidates = index.get(haystack.readUInt32LE(i));
    if (!candidates) continue;
    for (const needle of candidates)
      if (haystack.compare(needle, 0, needle.length, i, i + needle.length) === 0) found.push(needle);
  }
  return found;
}

describe("no plaintext at rest", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("after seeding and bookings, no name, print, template or webhook secret is in the data directory's files", async () => {
    const dataDir = await initialisedDataDir();
    dirs.push(dataDir);
    await demoRun(dataDir, 3);

    const cipher = createEnvelopeCipher(readMasterKeyFile(join(dataDir, "master.key")));
    const handle = await openHubDatabase({ dataDir, cipher });
    const needles = new Map<string, Buffer>();
    try {
      const storage = createHubStorage(handle.db);
      await storage.webhooks.put("VA0290000", "https://lea.example/hook", WEBHOOK_SECRET);
      needles.set("webhook secret", Buffer.from(WEBHOOK_SECRET));
      // The directory names agencies and counties after places ("George County"): public entries, not
      // subjects. A subject's name that is also a place name there is not a leak.
      const directory = await sql<{ text: string }>`
        select coalesce((select string_agg(name || ' ' || contact::text, ' ') from agencies), '')
          || ' ' || coalesce((select string_agg(name, ' ') from jurisdictions), '') as text`.execute(
        handle.db,
      );
      const directoryText = directory.rows[0]?.text ?? "";
      const identities = await sql<{ repository: "criminal" | "ident"; identity: string }>`
        select repository, identity from subject_records order by repository, identity`.execute(handle.db);
      for (const { repository, identity } of identities.rows) {
        const record = (await storage.subjects.get(repository, identity)) as {
          name: { surname: string; given: string; middle?: string };
          aliases?: { surname: string; given: string; middle?: string }[];
        };
        for (const name of [record.name, ...(record.aliases ?? [])])
          for (const part of [name.surname, name.given, name.middle])
            if (part && part.length >= MIN_NAME && !directoryText.includes(part)) {
              needles.set(`name ${part}`, Buffer.from(part));
              needles.set(`name ${part.toUpperCase()}`, Buffer.from(part.toUpperCase()));
            }
        for (const position of await storage.enrolledPrints.positions(repository, identity)) {
          const print = await storage.enrolledPrints.get(repository, identity, position);
          if (print)
            needles.set(`print ${identity}/${position}`, Buffer.from(print.wsq).subarray(64, 64 + WINDOW));
        }
        for (const template of await storage.gallery.forIdentity(repository, identity))
          needles.set(
            `template ${identity}/${template.position}`,
            Buffer.from(template.template).subarray(16, 16 + WINDOW),
          );
      }
      const submitted = await sql<{
        id: string;
      }>`select id from transactions where request is not null`.execute(handle.db);
      expect(submitted.rows.length).toBeGreaterThanOrEqual(3);
      for (const { id } of submitted.rows) {
        const file = Buffer.from((await storage.transactions.getRequest(id)) ?? []);
        // The Type-2 record: the booking's name, date of birth and descriptors.
        const type2 = file.indexOf("2.001:");
        needles.set(`booking file ${id}`, file.subarray(type2, type2 + WINDOW));
      }
    } finally {
      await handle.close();
    }
    expect([...needles.keys()].filter((k) => k.startsWith("name")).length).toBeGreaterThanOrEqual(10);
    expect([...needles.keys()].filter((k) => k.startsWith("print")).length).toBeGreaterThanOrEqual(10);
    expect([...needles.keys()].filter((k) => k.startsWith("template")).length).toBeGreaterThanOrEqual(50);

    const index = new Map<number, Buffer[]>();
    for (const needle of needles.values()) {
      const key = needle.readUInt32LE(0);
      index.set(key, [...(index.get(key) ?? []), needle]);
    }
    const labels = new Map([...needles].map(([label, needle]) => [needle, label]));
    const leaks: string[] = [];
    let bytes = 0;
    for (const path of filesUnder(dataDir)) {
      if (path.endsWith("master.key")) continue;
      const content = readFileSync(path);
      bytes += content.length;
      for (const needle of findNeedles(content, index))
        leaks.push(`${labels.get(needle)} in ${relative(dataDir, path)}`);
    }
    expect(bytes).toBeGreaterThan(10_000_000);
    expect([...new Set(leaks)]).toEqual([]);
  }, 400_000);
});
