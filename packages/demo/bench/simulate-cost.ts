/**
 * The CPU a simulated booking costs, on embedded PGlite or on the PostgreSQL server at DATABASE_URL.
 * On a server the database's work runs in other processes, which the simulation's own CPU figure does
 * not see: this adds the CPU of the server's backends serving the database (from /proc, Linux, the
 * server on this machine), sampled every 2 s and at each progress line.
 *
 *   npx tsx --conditions=@tenprint/source packages/demo/bench/simulate-cost.ts BOOKINGS IDENT CRIMINAL OUT_DIR
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/FRESH_DB npx tsx --conditions=@tenprint/source packages/demo/bench/simulate-cost.ts …
 */
import { readdirSync, readFileSync } from "node:fs";
import { simulateYear } from "../src/simulation/simulated-year.js";

const [bookings, ident, criminal, out] = process.argv.slice(2);
if (!out) throw new Error("usage: simulate-cost.ts BOOKINGS IDENT_IDENTITIES CRIMINAL_IDENTITIES OUT_DIR");
const url = process.env.DATABASE_URL || undefined;
const dbName = url ? new URL(url).pathname.slice(1) : undefined;
const USER_HZ = 100;
const backendSeconds = new Map<string, number>();
const sample = () => {
  if (!dbName) return;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!title.startsWith("postgres:") || !title.includes(` ${dbName} `)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      backendSeconds.set(pid, (Number(fields[11]) + Number(fields[12])) / USER_HZ);
    } catch {
      // The backend ended between the listing and the read.
    }
  }
};
const serverSeconds = () => [...backendSeconds.values()].reduce((a, b) => a + b, 0);
const timer = setInterval(sample, 2000);
const summary = await simulateYear({
  state: "VA",
  year: 2011,
  bookings: Number(bookings),
  identIdentities: Number(ident),
  criminalIdentities: Number(criminal),
  database: url ? { databaseUrl: url } : { dataDir: `${out}/db` },
  outputDir: `${out}/reports`,
  formats: ["json"],
  progress: (line) => {
    sample();
    console.log(dbName ? `${line} [server ${serverSeconds().toFixed(1)} CPU-s]` : line);
  },
});
sample();
clearInterval(timer);
const serverMsPerBooking = (serverSeconds() * 1000) / summary.bookings;
console.log(
  `${summary.bookings} bookings on ${dbName ? `PostgreSQL (${dbName})` : "PGlite"}: ${summary.costPerBooking.cpuMs.toFixed(1)} ms CPU per booking in this process${dbName ? ` + ${serverMsPerBooking.toFixed(1)} ms in the server = ${(summary.costPerBooking.cpuMs + serverMsPerBooking).toFixed(1)} ms` : ""}; setup ${summary.seconds.setup.toFixed(0)} s, bookings ${summary.seconds.bookings.toFixed(0)} s wall`,
);
process.exit(summary.failedJobs > 0 ? 1 : 0);
