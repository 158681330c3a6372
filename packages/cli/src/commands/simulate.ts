import { DEFAULT_DATA_DIR, REPORT_FORMATS, type ReportFormat, simulateYear } from "@tenprint/hub";
import type { Command } from "commander";
import { storedDataCipher } from "./stored-data-cipher.js";

interface SimulateOptions {
  state: string;
  year: string;
  bookings: string;
  identIdentities: string;
  criminalIdentities?: string;
  people?: string;
  seed?: string;
  data: string;
  output: string;
  formats: string;
}

function count(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replaceAll("_", "").replaceAll(",", ""));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${option} must be a whole number, got ${value}`);
  return n;
}

/**
 * `tenprint simulate`: a synthetic state's year through the hub's workflow on a simulated clock, at the
 * template level; writes the twelve monthly reports, the accountability report, the ground truth and
 * the run's cost to --output.
 */
export function registerSimulateCommand(program: Command): void {
  program
    .command("simulate")
    .description("simulate a synthetic state's year through the hub and write its reports (SYNTHETIC data)")
    .requiredOption("--state <XX>", "state (postal code)")
    .requiredOption("--year <YYYY>", "year to simulate")
    .requiredOption("--bookings <n>", "bookings in the year")
    .option("--ident-identities <n>", "IDENT gallery size (people's records plus distractors)", "100000")
    .option("--criminal-identities <n>", "criminal gallery size at the start (default 20,000)")
    .option("--people <n>", "synthetic people who may be booked (default 0.6 per booking)")
    .option("--seed <text>", "seed of the synthetic world")
    .option(
      "--data <dir>",
      "fresh embedded database directory when DATABASE_URL is not set",
      `${DEFAULT_DATA_DIR}-simulation`,
    )
    .option("-o, --output <dir>", "directory for the reports", "simulation-reports")
    .option(
      "--formats <list>",
      `report formats, comma-separated (${REPORT_FORMATS.join(", ")})`,
      "html,json,csv",
    )
    .action(async (options: SimulateOptions) => {
      const formats = options.formats.split(",").map((f) => f.trim()) as ReportFormat[];
      for (const format of formats)
        if (!(REPORT_FORMATS as readonly string[]).includes(format))
          throw new Error(`--formats: ${format} is not one of ${REPORT_FORMATS.join(", ")}`);
      const criminalIdentities = count("--criminal-identities", options.criminalIdentities);
      const people = count("--people", options.people);
      // Ctrl-C (or SIGTERM) ends the year early with its reports; a second one stops at once.
      const stop = new AbortController();
      const onSignal = () => {
        if (stop.signal.aborted) process.exit(130);
        process.stdout.write("stopping: no more bookings; finishing the scheduled work and the reports\n");
        stop.abort();
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      const summary = await simulateYear({
        signal: stop.signal,
        state: options.state,
        year: count("--year", options.year)!,
        bookings: count("--bookings", options.bookings)!,
        identIdentities: count("--ident-identities", options.identIdentities)!,
        ...(criminalIdentities !== undefined ? { criminalIdentities } : {}),
        ...(people !== undefined ? { people } : {}),
        ...(options.seed ? { seed: options.seed } : {}),
        database: {
          databaseUrl: process.env.DATABASE_URL || undefined,
          dataDir: options.data,
          cipher: storedDataCipher(options.data),
        },
        outputDir: options.output,
        formats,
        progress: (line) => process.stdout.write(`${line}\n`),
      });
      process.stdout.write(
        `${[
          `SYNTHETIC simulation of ${summary.state} ${summary.year}: ${summary.bookings} bookings${summary.stoppedEarly ? ` (stopped early: ${summary.stoppedEarly.requestedBookings} asked for, last at ${summary.stoppedEarly.lastBookingAt})` : ""} against ${summary.galleries.ident} IDENT and ${summary.galleries.criminal} criminal identities`,
          `wall ${summary.seconds.total.toFixed(0)} s (setup ${summary.seconds.setup.toFixed(0)} s, bookings ${summary.seconds.bookings.toFixed(0)} s, reports ${summary.seconds.reports.toFixed(0)} s); per booking ${summary.costPerBooking.wallMs.toFixed(1)} ms wall, ${summary.costPerBooking.cpuMs.toFixed(1)} ms CPU`,
          `IDENT searches ${summary.identSearches}, matches ${summary.identMatches}; false-match IAQs ${summary.falseMatchIaqs} observed, ${summary.predictedFalseMatches.toFixed(3)} predicted (${summary.falseMatchIaqsPer100kBookings.observed.toFixed(1)} and ${summary.falseMatchIaqsPer100kBookings.predicted.toPrecision(3)} per 100,000 bookings; the FPIR threshold allows at most ${summary.falseMatchIaqsPer100kBookings.boundAtThreshold.toFixed(1)})`,
          `missed mates ${summary.missedMates} of ${summary.matedSearches}; detainers ${summary.detainers}; failed jobs ${summary.failedJobs}`,
          `reports in ${options.output}`,
        ].join("\n")}\n`,
      );
      if (summary.failedJobs > 0) process.exitCode = 1;
    });
}
