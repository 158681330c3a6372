import { createWriteStream } from "node:fs";
import { availableParallelism } from "node:os";
import {
  connectFarm,
  countEnrolmentRecords,
  DEFAULT_DATA_DIR,
  type EnrolmentCounts,
  EnrolmentLogPublisher,
  ExtractionPool,
  enrolmentWriter,
  enrolRepository,
  listEnrolmentFiles,
  openHubDatabase,
  type RepositoryName,
  readEnrolmentItems,
} from "@tenprint/hub";
import type { Command } from "commander";
import { usageError } from "./cli-errors.js";
import { storedDataCipher } from "./stored-data-cipher.js";

export interface DatabaseChoice {
  readonly data?: string;
  readonly database?: string;
}

/** --database, else DATABASE_URL, else the embedded database in --data. */
export function databaseOptions(options: DatabaseChoice) {
  const data = options.data ?? DEFAULT_DATA_DIR;
  return {
    databaseUrl: options.database ?? (process.env.DATABASE_URL || undefined),
    dataDir: data,
    cipher: storedDataCipher(data),
  };
}

export function repositoryOption(value: string): RepositoryName {
  if (value !== "criminal" && value !== "ident")
    throw usageError(`--repository must be criminal or ident, got ${value}`);
  return value;
}

/** A bar on a terminal, a plain line every `every` records otherwise (logs, CI). */
function progressReporter(total: number, every: number) {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let lastLine = 0;
  const line = (counts: Readonly<EnrolmentCounts>) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? counts.enrolled / seconds : 0;
    return `${counts.read}/${total} read, ${counts.enrolled} enrolled, ${counts.alreadyEnrolled} already enrolled, ${counts.rejected} rejected, ${rate.toFixed(1)} identities/s`;
  };
  return {
    update(counts: Readonly<EnrolmentCounts>) {
      if (tty) {
        const width = 30;
        const filled = total > 0 ? Math.round((width * counts.read) / total) : width;
        process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${line(counts)}`);
      } else if (counts.read - lastLine >= every || counts.read === total) {
        lastLine = counts.read;
        process.stderr.write(`${line(counts)}\n`);
      }
    },
    done(counts: Readonly<EnrolmentCounts>) {
      if (tty) process.stderr.write(`\r${line(counts)}\n`);
    },
  };
}

/**
 * `tenprint enrol`: bulk enrolment of existing criminal-history or IDENT records with their prints,
 * resumable and idempotent by record identifier (docs/enrolment-format.md).
 */
export function registerEnrolCommand(program: Command): void {
  program
    .command("enrol")
    .description(
      "enrol existing records with their prints from EBTS files or ISO/ANSI templates plus JSON records (docs/enrolment-format.md)",
    )
    .argument("<paths...>", "files or directories (.json, .jsonl records; .eft/.ebts/.an2/.nist EBTS files)")
    .requiredOption("--repository <name>", "criminal or ident")
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .option("--database <url>", "PostgreSQL URL (default DATABASE_URL)")
    .option("--rejects <file>", "where rejected records go, one JSON object a line", "enrol-rejects.jsonl")
    .option("--threads <n>", "extraction threads (default: every core)")
    .option("--batch <n>", "records per database transaction", "100")
    .option("--progress-every <n>", "without a terminal, a progress line every n records", "1000")
    .option("--nats <url>", "the deployment's matcher farm: publish the enrolments to its log")
    .option("--farm", "the deployment runs a matcher farm: log the enrolments for the hub to publish")
    .option("--farm-prefix <name>", "the farm's stream prefix (as the hub's --farm-prefix)")
    .action(
      async (
        paths: string[],
        options: DatabaseChoice & {
          repository: string;
          rejects: string;
          threads?: string;
          batch: string;
          progressEvery: string;
          nats?: string;
          farm?: boolean;
          farmPrefix?: string;
        },
      ) => {
        const repository = repositoryOption(options.repository);
        const threads = Number(options.threads ?? availableParallelism());
        const batchSize = Number(options.batch);
        const every = Number(options.progressEvery);
        for (const [name, value] of [
          ["--threads", threads],
          ["--batch", batchSize],
          ["--progress-every", every],
        ] as const)
          if (!Number.isInteger(value) || value < 1)
            throw usageError(`${name} must be a positive whole number`);
        const files = await listEnrolmentFiles(paths);
        const total = await countEnrolmentRecords(files);
        const handle = await openHubDatabase(databaseOptions(options));
        const nc = options.nats
          ? await connectFarm(options.nats, `tenprint enrol ${process.pid}`)
          : undefined;
        const publisher = nc && new EnrolmentLogPublisher(handle.db, nc, options.farmPrefix);
        // Started only when a record has images: its threads warm up on a generated print first.
        let extraction: ExtractionPool | undefined;
        const rejects = createWriteStream(options.rejects, { flags: "w" });
        const progress = progressReporter(total, every);
        const started = Date.now();
        try {
          const counts = await enrolRepository(readEnrolmentItems(files, repository), {
            db: handle.db,
            repository,
            write: enrolmentWriter(
              handle.db,
              repository,
              publisher ? { publisher } : options.farm ? {} : undefined,
            ),
            extraction: () => {
              extraction ??= new ExtractionPool(threads);
              return extraction;
            },
            batchSize,
            onReject: (reject) => {
              const { kind: _kind, ...line } = reject;
              rejects.write(`${JSON.stringify(line)}\n`);
            },
            onProgress: (counts) => progress.update(counts),
          });
          progress.done(counts);
          const seconds = (Date.now() - started) / 1000;
          process.stdout.write(
            `${JSON.stringify({
              repository,
              ...counts,
              seconds: Number(seconds.toFixed(1)),
              identitiesPerSecond: seconds > 0 ? Number((counts.enrolled / seconds).toFixed(1)) : 0,
              rejects: options.rejects,
            })}\n`,
          );
          if (counts.rejected > 0) process.exitCode = 1;
        } finally {
          await new Promise<void>((resolve) => rejects.end(resolve));
          await extraction?.close();
          await nc?.close();
          await handle.close();
        }
      },
    );
}
