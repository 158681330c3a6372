/**
 * The cost of encryption at rest on the hub's storage path: enrolling N prints (a WSQ image and a template
 * each, 10 fingers per identity, as arrest-enrolment.ts stores them), loading the gallery and reading every
 * image back, on one PGlite database in memory (emptied between runs), with and without the envelope cipher. Runs alternate; medians are printed.
 * Run: npx tsx packages/hub/bench/encryption.ts [--prints 1000] [--runs 3]
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import {
  createEnvelopeCipher,
  createHubStorage,
  type EnvelopeCipher,
  migrateToLatest,
  PLAINTEXT_CIPHER,
} from "../src/index.js";
import { masterKeyFrom } from "../src/storage/envelope-cipher.js";
import { runTransition } from "../src/storage/hub-storage.js";
import { embeddedHandle } from "../src/storage/open-database.js";

const { values } = parseArgs({
  options: { prints: { type: "string", default: "1000" }, runs: { type: "string", default: "3" } },
});
const prints = Number(values.prints);
const runs = Number(values.runs);
/** A 500 ppi rolled print compresses to ~20 KB of WSQ; a template is ~1 KB. */
const WSQ_BYTES = 20_000;
const TEMPLATE_BYTES = 1_000;
const wsq = randomBytes(WSQ_BYTES);
const template = randomBytes(TEMPLATE_BYTES);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const handle = embeddedHandle(await PGlite.create(), "memory");
await migrateToLatest(handle.db as Kysely<unknown>);

async function once(cipher: EnvelopeCipher): Promise<{ enrol: number; load: number; read: number }> {
  await sql`truncate enrolled_prints, gallery_templates`.execute(handle.db);
  const identities = Math.ceil(prints / 10);
  let start = performance.now();
  for (let i = 0; i < identities; i++) {
    const identity = `BENCH-${i}`;
    const positions = Array.from({ length: Math.min(10, prints - i * 10) }, (_, p) => p + 1);
    await runTransition(
      handle.db,
      async (storage) => {
        await storage.enrolledPrints.put(
          "criminal",
          identity,
          positions.map((position) => ({ position, wsq, ppi: 500 })),
        );
        await storage.gallery.put(
          "criminal",
          positions.map((position) => ({ identity, position, template })),
        );
      },
      { cipher },
    );
  }
  const enrol = performance.now() - start;
  const storage = createHubStorage(handle.db, { cipher });
  start = performance.now();
  let loaded = 0;
  for await (const page of storage.gallery.load("criminal")) loaded += page.length;
  const load = performance.now() - start;
  start = performance.now();
  for (let i = 0; i < identities; i++)
    for (const position of await storage.enrolledPrints.positions("criminal", `BENCH-${i}`))
      await storage.enrolledPrints.get("criminal", `BENCH-${i}`, position);
  const read = performance.now() - start;
  if (loaded !== prints) throw new Error(`loaded ${loaded} templates, expected ${prints}`);
  return { enrol, load, read };
}

const sealed = createEnvelopeCipher(masterKeyFrom(randomBytes(32)));
const results = {
  plain: [] as Awaited<ReturnType<typeof once>>[],
  encrypted: [] as Awaited<ReturnType<typeof once>>[],
};
for (let run = 0; run < runs; run++) {
  results.plain.push(await once(PLAINTEXT_CIPHER));
  results.encrypted.push(await once(sealed));
  console.log(
    `run ${run + 1}: plain ${JSON.stringify(results.plain.at(-1))}, encrypted ${JSON.stringify(results.encrypted.at(-1))}`,
  );
}
await handle.close();
// The cipher alone, without the database: one WSQ image sealed and opened.
const micro = 2000;
let start = performance.now();
const blobs = Array.from({ length: micro }, (_, i) => sealed.seal(wsq, `bench/${i}`));
const sealUs = ((performance.now() - start) * 1000) / micro;
start = performance.now();
for (let i = 0; i < micro; i++) sealed.open(blobs[i] ?? new Uint8Array(), `bench/${i}`);
const openUs = ((performance.now() - start) * 1000) / micro;

for (const mode of ["plain", "encrypted"] as const) {
  const r = results[mode];
  console.log(
    `${mode.padEnd(9)} enrol ${prints} prints ${median(r.map((x) => x.enrol)).toFixed(0)} ms, ` +
      `gallery load ${median(r.map((x) => x.load)).toFixed(0)} ms, read every image ${median(r.map((x) => x.read)).toFixed(0)} ms ` +
      `(median of ${runs}: enrol ${r.map((x) => x.enrol.toFixed(0)).join(", ")})`,
  );
}
console.log(
  `cipher alone: seal ${sealUs.toFixed(1)} µs, open ${openUs.toFixed(1)} µs per ${WSQ_BYTES / 1000} KB image`,
);
