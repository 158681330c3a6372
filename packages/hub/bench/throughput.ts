/**
 * End-to-end hub throughput: bookings submitted at a target rate through intake, both searches, the
 * IDR, and for matches the IAQ, LESC, IAR and ERO steps (demo automation), on PGlite and PostgreSQL,
 * with a large template-level IDENT gallery. Bookings are real CARs whose rolled prints are extracted
 * and searched. Prints sustained bookings/s and p50/p99 booking→SRE and booking→IDR.
 *
 * Every SRE and IDR is judged against the synthetic ground truth (right person, wrong person, missed
 * mate) with a Clopper–Pearson interval. `--ident-searched-only` books only the stream's bookings in
 * activated counties, which the hub searches against IDENT, so that every rendered booking yields an IDR
 * to judge (issue 14: wrong identifications out of N ≥ 200); `--research` then searches each of them
 * once more to print how close non-mated searches came to the threshold.
 *
 * Run: npx tsx packages/hub/bench/throughput.ts [--backend pglite|postgres|both] [--identities 100000]
 *        [--bookings 120] [--rate 20] [--ident-searched-only] [--research] [--render-shard i/k]
 * `--render-shard i/k` only renders every k-th booking file from the i-th into the cache and exits, so
 * that k processes can prepare a long run's bookings side by side.
 * Seeded galleries are kept between runs (PGlite in $TMPDIR/tenprint-bench-<n>-<distractor model>,
 * PostgreSQL in schema tenprint_bench_<n>_<distractor model> of $DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432/test), so a gallery seeded with an earlier model is never reused.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  extractTemplate,
  type FingerprintTemplate,
  readTenprintTemplate,
  writeTenprintTemplate,
} from "@tenprint/afis";
import { parseTransaction, serializeTransaction } from "@tenprint/nist";
import {
  type Booking,
  bookingCar,
  bookingFingerImages,
  bookingStream,
  DISTRACTOR_TEMPLATE_MODEL,
  engineRenderer,
  wsqEncoder,
} from "@tenprint/synth";
import { sql } from "kysely";
import pg from "pg";
import { demoBookingOrder } from "../../demo/src/demo/demo-booking-order.js";
import { DEMO_PARAMETERS } from "../../demo/src/demo/demo-parameters.js";
import { seedDirectory, seedDistractors } from "../../demo/src/demo/demo-seed.js";
import { demoWorld } from "../../demo/src/demo/demo-world.js";
import { criminalSubjectRecord, identSubjectRecord } from "../../demo/src/demo/subject-records.js";
import { type DatabaseOptions, HubRuntime, openHubDatabase, probeFromSubmission } from "../src/index.js";
import { judgeAnswers, printJudgement } from "./answers-against-truth.js";

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "both" },
    identities: { type: "string", default: "100000" },
    bookings: { type: "string", default: "120" },
    rate: { type: "string", default: "20" },
    "ident-searched-only": { type: "boolean", default: false },
    research: { type: "boolean", default: false },
    "render-shard": { type: "string" },
    world: { type: "string", default: "bench" },
  },
});
if (values.world !== "bench" && values.world !== "demo")
  throw new RangeError(`--world ${values.world}: expected bench or demo`);
const demo = values.world === "demo";
const bookingCount = Number(values.bookings);
const rate = Number(values.rate);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/**
 * The bench's world (400 people who may be booked, 10,000 criminal distractors, --identities IDENT ones),
 * or with --world demo the demo's own (`npm start`: its seed, people, gallery sizes and booking order).
 */
const world = demo
  ? demoWorld()
  : demoWorld({
      seed: "hub-bench",
      people: 400,
      criminalDistractors: 10_000,
      identDistractors: Number(values.identities),
    });
const identities = world.sizes.identDistractors;
const galleryName = demo ? `demo-${DISTRACTOR_TEMPLATE_MODEL}` : `${identities}-${DISTRACTOR_TEMPLATE_MODEL}`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

async function database(backend: string): Promise<DatabaseOptions> {
  if (backend === "pglite") return { dataDir: join(tmpdir(), `tenprint-bench-${galleryName}`) };
  const schema = `tenprint_bench_${galleryName.replace("-", "_")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create schema if not exists ${schema}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return { databaseUrl: url.toString(), maxConnections: 10 };
}

const identSearchedOnly = values["ident-searched-only"];
/** A booked person's records the galleries hold with rendered prints (impression 1, rolled). */
interface RenderedEnrolment {
  readonly personId: string;
  readonly repositories: readonly ("criminal" | "ident")[];
}

/**
 * The stream's first bookings (with --ident-searched-only, its first bookings in activated counties), and
 * whom the galleries hold with rendered prints: the records of every person of those bookings, and the IDENT
 * records of the people of the bookings passed over before the last of them, whom the full stream would
 * have enrolled too (the demo enrols a person's records at their first booking).
 */
function streamBookings(): { bookings: Booking[]; enrolments: RenderedEnrolment[] } {
  const chosen: Booking[] = [];
  const passedOver: Booking[] = [];
  if (bookingCount > 0) {
    const stream = bookingStream({
      population: world.population,
      jurisdictions: world.jurisdictions,
      seed: world.seed,
      state: world.state,
    });
    for (const booking of demo ? demoBookingOrder(stream, DEMO_PARAMETERS.earlyMatchLookahead) : stream) {
      if (identSearchedOnly && !booking.truth.jurisdictionActivated) {
        passedOver.push(booking);
        continue;
      }
      chosen.push(booking);
      if (chosen.length >= bookingCount) break;
    }
  }
  const repositories = new Map<string, Set<"criminal" | "ident">>();
  const add = (booking: Booking, kinds: readonly ("criminal" | "ident")[]) => {
    const set = repositories.get(booking.truth.personId) ?? new Set();
    for (const kind of kinds) {
      if (kind === "criminal" ? booking.truth.inCriminalRepository : booking.truth.inIdent) set.add(kind);
    }
    if (set.size > 0) repositories.set(booking.truth.personId, set);
  };
  for (const booking of chosen) add(booking, ["criminal", "ident"]);
  for (const booking of passedOver) add(booking, ["ident"]);
  const enrolments = [...repositories].map(([personId, set]) => ({ personId, repositories: [...set] }));
  return { bookings: chosen, enrolments };
}
const { bookings, enrolments } = streamBookings();
const people = new Map(world.population.people.map((p) => [p.id, p]));
/**
 * Every booked person's prints come from the image generator (masters kept for all of them), as in the
 * demo: the fast sketch renderer draws class patterns that different people share, so its prints would
 * match the wrong people.
 */
const renderer = engineRenderer(10);
/** Booking files by TCN and enrolled templates by person: both follow from the world alone. */
const cacheDir = join(tmpdir(), `tenprint-bench-engine-cars-v2-${values.world}`);

/**
 * Rendered once and cached on disk: rendering is the benchmark's set-up, not what it measures. A person's
 * k-th booking of the stream uses impression 2 + k (the repositories hold impression 1), as the demo does,
 * so a re-booking is a new capture rather than the same images searched again.
 */
function bookingFiles(
  shard = { index: 0, count: 1 },
  rendered: (booking: Booking) => void = () => {},
): Uint8Array[] {
  const dir = cacheDir;
  mkdirSync(dir, { recursive: true });
  const wsq = wsqEncoder();
  return bookings.map((booking, index) => {
    if (index % shard.count !== shard.index) return new Uint8Array();
    const path = join(dir, `${booking.tcn}.eft`);
    if (existsSync(path)) {
      rendered(booking);
      return new Uint8Array(readFileSync(path));
    }
    const person = people.get(booking.truth.personId);
    if (!person) throw new Error(`unknown person ${booking.truth.personId}`);
    const file = serializeTransaction(
      bookingCar(
        booking,
        bookingFingerImages(person, 2 + booking.truth.earlierBookingsInStream, renderer, wsq),
      ),
    );
    writeFileSync(path, file);
    rendered(booking);
    return file;
  });
}

/** A person's enrolled templates (rolled impression 1), extracted once and cached beside the bookings. */
function enrolmentTemplates(personId: string): { position: number; template: FingerprintTemplate }[] {
  const path = join(cacheDir, `enrol-${personId}.json`);
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, "utf8")) as { position: number; template: string }[];
    return saved.map(({ position, template }) => ({
      position,
      template: readTenprintTemplate(new Uint8Array(Buffer.from(template, "base64"))),
    }));
  }
  const person = people.get(personId);
  if (!person) throw new Error(`unknown person ${personId}`);
  const fingers = person.fingers.map((finger) => ({
    position: finger.position,
    template: extractTemplate(renderer({ finger, kind: "rolled", impression: 1 })),
  }));
  mkdirSync(cacheDir, { recursive: true });
  const saved = fingers.map(({ position, template }) => ({
    position,
    template: Buffer.from(writeTenprintTemplate(template)).toString("base64"),
  }));
  writeFileSync(path, JSON.stringify(saved));
  return fingers;
}

async function enrolBookedPeople(runtime: HubRuntime): Promise<void> {
  const criminal = new Map(world.population.criminalRecords.map((r) => [r.personId, r]));
  const ident = new Map(world.population.immigrationRecords.map((r) => [r.personId, r]));
  for (const { personId, repositories } of enrolments) {
    const person = people.get(personId);
    if (!person) continue;
    const fingers = enrolmentTemplates(personId);
    const c = criminal.get(personId);
    const i = ident.get(personId);
    if (c && repositories.includes("criminal"))
      await runtime.criminal.enrolMany([{ record: criminalSubjectRecord(person, c), fingers }]);
    if (i && repositories.includes("ident"))
      await runtime.ident.enrolMany([{ record: identSubjectRecord(person, i), fingers }]);
  }
  console.log(
    `  enrolled with rendered prints: ${enrolments.filter((e) => e.repositories.includes("criminal")).length} criminal, ${enrolments.filter((e) => e.repositories.includes("ident")).length} IDENT records`,
  );
}

/** Where a booking's time goes, one stage at a time on an idle hub: medians over a few bookings. */
async function stageCosts(runtime: HubRuntime, sample: readonly Uint8Array[]): Promise<void> {
  const extract: number[] = [];
  const criminal: number[] = [];
  const ident: number[] = [];
  await runtime.ready;
  for (const file of sample) {
    let start = performance.now();
    const probe = probeFromSubmission(parseTransaction(file));
    extract.push(performance.now() - start);
    start = performance.now();
    await runtime.criminal.identify(probe);
    criminal.push(performance.now() - start);
    start = performance.now();
    await runtime.ident.identify(probe);
    ident.push(performance.now() - start);
  }
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      0.5,
    ).toFixed(0);
  console.log(
    `  stage costs (median of ${sample.length}): extraction of 10 rolled prints ${median(extract)} ms (one thread), criminal search ${median(criminal)} ms, IDENT search ${median(ident)} ms`,
  );
}

/**
 * Removes the criminal records that earlier runs' arrests established, so every run starts from the
 * seeded state: a booked person without a record is then a non-mated search again, and every SRE can
 * be judged against this run's ground truth.
 */
async function forgetEarlierArrests(options: DatabaseOptions): Promise<void> {
  const handle = await openHubDatabase(options);
  try {
    for (const table of ["gallery_templates", "subject_records"] as const) {
      await sql`delete from ${sql.table(table)} where repository = 'criminal' and identity ~ '^[0-9]{6}SH[0-9]$'`.execute(
        handle.db,
      );
    }
  } finally {
    await handle.close();
  }
}

async function run(backend: string, files: Uint8Array[]): Promise<void> {
  const options = await database(backend);
  await forgetEarlierArrests(options);
  const loadStart = performance.now();
  const runtime = await HubRuntime.open({
    database: options,
    autoConfirm: true,
    autoReview: true,
  });
  try {
    console.log(
      `${backend}: distractors ${DISTRACTOR_TEMPLATE_MODEL}; opened and loaded ${runtime.criminal.size} criminal + ${runtime.ident.size} IDENT identities in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`,
    );
    await seedDirectory(runtime, world);
    await seedDistractors(runtime, world, world.sizes, (repository, done, total) => {
      if (done % 20_000 === 0 || done === total) console.log(`  seeding ${repository}: ${done}/${total}`);
    });
    await enrolBookedPeople(runtime);
    await sql`truncate detainers, lesc_reviews, messages, jobs, transactions`.execute(runtime.db);
    await stageCosts(runtime, files.slice(0, 5));
    console.log(`  galleries: ${runtime.criminal.size} criminal, ${runtime.ident.size} IDENT identities`);
    runtime.start();
    const started = performance.now();
    for (let i = 0; i < files.length; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const booking = bookings[i];
      if (!booking) break;
      await runtime.submissions.submit(files[i] ?? new Uint8Array(), { submitterOri: booking.sibOri });
    }
    const submitted = performance.now();
    for (;;) {
      const { rows } = await sql<{
        n: string | number;
      }>`select count(*) as n from transactions where state not in ('CLOSED', 'REJECTED', 'FAILED')`.execute(
        runtime.db,
      );
      if (Number(rows[0]?.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const finished = performance.now();
    const { rows } = await sql<{ type: string; ms: number }>`
      select m.type, extract(epoch from (m.created_at - t.created_at)) * 1000 as ms
      from messages m join transactions t on t.id = m.transaction_id where m.type in ('SRE', 'IDR')`.execute(
      runtime.db,
    );
    const latencies = (type: string) =>
      rows
        .filter((r) => r.type === type)
        .map((r) => Number(r.ms))
        .sort((a, b) => a - b);
    const sre = latencies("SRE");
    const idr = latencies("IDR");
    const counts = await sql<{
      type: string;
      n: string | number;
    }>`select type, count(*) as n from messages group by type order by type`.execute(runtime.db);
    const wall = (finished - started) / 1000;
    console.log(
      `  ${files.length} bookings offered at ${rate}/s: submitted in ${((submitted - started) / 1000).toFixed(1)} s, all terminal after ${wall.toFixed(1)} s → ${(files.length / wall).toFixed(2)} bookings/s sustained`,
    );
    console.log(
      `  booking→SRE p50 ${percentile(sre, 0.5).toFixed(0)} ms p99 ${percentile(sre, 0.99).toFixed(0)} ms (${sre.length}); booking→IDR p50 ${percentile(idr, 0.5).toFixed(0)} ms p99 ${percentile(idr, 0.99).toFixed(0)} ms (${idr.length})`,
    );
    console.log(`  messages: ${counts.rows.map((r) => `${r.type} ${r.n}`).join(", ")}`);
    const owners = new Map<string, string>();
    for (const r of world.population.criminalRecords) owners.set(r.fbiNumber, r.personId);
    for (const r of world.population.immigrationRecords) owners.set(r.fin, r.personId);
    const judgement = await judgeAnswers(
      runtime.db,
      new Map(bookings.map((b) => [b.tcn, b.truth])),
      owners,
      DEMO_PARAMETERS.distractorPrefix,
      values.research ? (probe) => runtime.ident.identify(probe) : undefined,
    );
    printJudgement(judgement);
  } finally {
    await runtime.close();
  }
}

const renderStart = performance.now();
if (values["render-shard"]) {
  const [index, count] = values["render-shard"].split("/").map(Number);
  if (!(Number.isInteger(index) && Number.isInteger(count) && count! > 0 && index! >= 0 && index! < count!))
    throw new RangeError(`--render-shard ${values["render-shard"]}: expected i/k with 0 ≤ i < k`);
  // A person's enrolment is rendered right after their first booking, while their masters are cached.
  const enrolled = new Set(enrolments.map((e) => e.personId));
  const firstBooked = new Map<string, string>();
  for (const booking of bookings)
    if (!firstBooked.has(booking.truth.personId)) firstBooked.set(booking.truth.personId, booking.tcn);
  const rendered = bookingFiles({ index: index!, count: count! }, (booking) => {
    const person = booking.truth.personId;
    if (enrolled.has(person) && firstBooked.get(person) === booking.tcn) enrolmentTemplates(person);
  }).filter((f) => f.length > 0);
  enrolments
    .filter((e) => !firstBooked.has(e.personId))
    .forEach(({ personId }, i) => {
      if (i % count! === index!) enrolmentTemplates(personId);
    });
  console.log(
    `shard ${index}/${count}: ${rendered.length} booking files in ${((performance.now() - renderStart) / 1000).toFixed(1)} s`,
  );
  process.exit(0);
}
const files = bookingFiles();
console.log(
  `${files.length} booking files ready in ${((performance.now() - renderStart) / 1000).toFixed(1)} s (${(files.reduce((n, f) => n + f.length, 0) / files.length / 1024).toFixed(0)} KiB each)`,
);
for (const backend of values.backend === "both" ? ["pglite", "postgres"] : [values.backend])
  await run(backend, files);
