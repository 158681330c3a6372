/**
 * Wrong identifications on the demo's own galleries (issue 14): the demo world `npm start` runs (its seed,
 * its 9,000 criminal and 3,000 IDENT chimeric distractors, its booking stream in the demo's order, people
 * enrolled with rendered prints when first booked, the demo's render thread) on a fresh embedded database,
 * with the stream sped up to as fast as bookings render and every LESC case and ERO review decided by the
 * rules. Every SRE and IDR is judged against the stream's ground truth, and every IDENT-searched booking is
 * searched once more for the scores the hub does not store.
 *
 * By default only the bookings the hub searches against IDENT are rendered (the render thread's
 * `identSearchedOnly`: the people of the others still get their IDENT records enrolled, so the IDENT
 * gallery holds the same rendered people); `--all-bookings` renders the whole stream.
 *
 * Run: nice npx tsx --conditions=@tenprint/source packages/demo/bench/demo-identifications.ts
 *        [--ident-searches 220] [--all-bookings] [--keep]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { readTenprintTemplate } from "@tenprint/afis";
import { HubRuntime } from "@tenprint/hub";
import type { Booking } from "@tenprint/synth";
import { sql } from "kysely";
import { judgeAnswers, printJudgement } from "../../hub/bench/answers-against-truth.js";
import { BookingProducer } from "../src/demo/booking-producer.js";
import { DEMO_PARAMETERS as P } from "../src/demo/demo-parameters.js";
import { seedDirectory, seedDistractors } from "../src/demo/demo-seed.js";
import { demoWorld } from "../src/demo/demo-world.js";

const { values } = parseArgs({
  options: {
    "ident-searches": { type: "string", default: "220" },
    "all-bookings": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const target = Number(values["ident-searches"]);
if (!(Number.isInteger(target) && target > 0))
  throw new RangeError(`--ident-searches ${values["ident-searches"]}: expected a positive count`);

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const world = demoWorld();
const dataDir = mkdtempSync(join(tmpdir(), "tenprint-demo-identifications-"));
const runtime = await HubRuntime.open({
  database: { dataDir },
  autoConfirm: true,
  autoReview: true,
  ruleSet: P.ruleSet,
});
try {
  await seedDirectory(runtime, world);
  await seedDistractors(runtime, world, world.sizes, (repository, done, total) => {
    if (done === total) console.log(`seeded ${repository}: ${total} identities (${elapsed()})`);
  });
  runtime.start();
  await runtime.ready;
  const seededCpu = cpuSeconds();
  console.log(
    `galleries: ${runtime.criminal.size} criminal, ${runtime.ident.size} IDENT identities (${elapsed()}, CPU ${seededCpu.toFixed(0)} s)`,
  );
  const producer = new BookingProducer({
    seed: world.seed,
    state: world.state,
    people: world.sizes.people,
    skip: 0,
    enrolled: [],
    identSearchedOnly: !values["all-bookings"],
  });
  const truths = new Map<string, Booking["truth"]>();
  let identSearched = 0;
  let enrolled = 0;
  try {
    while (identSearched < target) {
      const booking = await producer.next();
      for (const enrolment of booking.enrolments) {
        const repository = enrolment.repository === "criminal" ? runtime.criminal : runtime.ident;
        await repository.enrolMany([
          {
            record: enrolment.record,
            fingers: enrolment.templates.map((t) => ({
              position: t.position,
              template: readTenprintTemplate(t.bytes),
            })),
            prints: enrolment.prints,
          },
        ]);
        enrolled++;
      }
      await runtime.submissions.submit(booking.car, { submitterOri: booking.sibOri, actor: "demo-stream" });
      truths.set(booking.tcn, booking.truth);
      if (booking.truth.jurisdictionActivated) identSearched++;
      if (truths.size % 20 === 0)
        console.log(
          `  ${truths.size} bookings submitted, ${identSearched} in activated counties, ${enrolled} rendered enrolments (${elapsed()}, CPU ${cpuSeconds().toFixed(0)} s)`,
        );
    }
  } finally {
    await producer.close();
  }
  for (;;) {
    const { rows } = await sql<{
      n: string | number;
    }>`select count(*) as n from transactions where state not in ('CLOSED', 'REJECTED', 'FAILED')`.execute(
      runtime.db,
    );
    if (Number(rows[0]?.n) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const runCpu = cpuSeconds();
  const states = await sql<{
    state: string;
    n: string | number;
  }>`select state, count(*) as n from transactions group by state order by state`.execute(runtime.db);
  console.log(
    `${truths.size} bookings (${identSearched} in activated counties) terminal at ${elapsed()}: ${states.rows.map((r) => `${r.state} ${r.n}`).join(", ")}; galleries ${runtime.criminal.size} criminal, ${runtime.ident.size} IDENT; CPU ${(runCpu - seededCpu).toFixed(0)} s for rendering and the workflow`,
  );
  const owners = new Map<string, string>();
  for (const r of world.population.criminalRecords) owners.set(r.fbiNumber, r.personId);
  for (const r of world.population.immigrationRecords) owners.set(r.fin, r.personId);
  const judgement = await judgeAnswers(runtime.db, truths, owners, P.distractorPrefix, (probe) =>
    runtime.ident.identify(probe),
  );
  printJudgement(judgement);
  console.log(`CPU ${cpuSeconds().toFixed(0)} s in all (re-search ${(cpuSeconds() - runCpu).toFixed(0)} s)`);
} finally {
  await runtime.close();
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
  else console.log(`database kept in ${dataDir}`);
}
