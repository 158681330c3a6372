import { availableParallelism, userInfo } from "node:os";
import {
  connectFarm,
  createHubStorage,
  DEFAULT_DATA_DIR,
  EnrolmentLogPublisher,
  ExtractionPool,
  fingersOf,
  NotFoundError,
  openHubDatabase,
  type RecordCorrection,
  RecordRedress,
  type RedressOrder,
  type RepositoryName,
  readEnrolmentItems,
  ServiceError,
  type SubjectRecord,
} from "@tenprint/hub";
import { FBI_CJIS_ORI, IDENT_ORI } from "@tenprint/synth";
import type { Command } from "commander";
import { invalidInput } from "./cli-errors.js";
import { type DatabaseChoice, databaseOptions, repositoryOption } from "./enrol.js";

type CorrectionFromFile = RecordCorrection & { readonly record: SubjectRecord };

interface OrderOptions extends DatabaseChoice {
  repository: string;
  reason: string;
  authority: string;
  reference: string;
  actor?: string;
  ori?: string;
  nats?: string;
  farmPrefix?: string;
}

function withOrderOptions(command: Command): Command {
  return command
    .requiredOption("--repository <name>", "criminal or ident")
    .requiredOption("--reason <text>", "why (kept in the tombstone and the audit log)")
    .requiredOption("--authority <text>", "who ordered it: the court, the redress programme")
    .requiredOption("--reference <text>", "the order's docket or the redress case number")
    .option("--actor <name>", "who acts (default: cli:<user>)")
    .option("--ori <ori>", "the acting agency (default: the repository's custodian, CJIS or IDENT)")
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .option("--database <url>", "PostgreSQL URL (default DATABASE_URL)")
    .option("--nats <url>", "the deployment's matcher farm: publish the change and erase the old messages")
    .option("--farm-prefix <name>", "the farm's stream prefix (as the hub's --farm-prefix)");
}

function orderOf(options: OrderOptions, repository: RepositoryName): RedressOrder {
  return {
    actor: options.actor ?? `cli:${userInfo().username}`,
    actorOri: options.ori ?? (repository === "criminal" ? FBI_CJIS_ORI : IDENT_ORI),
    reason: options.reason,
    authority: options.authority,
    reference: options.reference,
  };
}

async function withRedress(
  options: OrderOptions,
  use: (redress: RecordRedress) => Promise<void>,
): Promise<void> {
  const handle = await openHubDatabase(databaseOptions(options));
  const nc = options.nats ? await connectFarm(options.nats, `tenprint record ${process.pid}`) : undefined;
  try {
    const log = nc && new EnrolmentLogPublisher(handle.db, nc, options.farmPrefix);
    await use(new RecordRedress(handle.db, log ? { log } : {}));
  } catch (error) {
    if (error instanceof ServiceError) throw invalidInput(error.message, error);
    throw error;
  } finally {
    await nc?.close();
    await handle.close();
  }
}

function report(outcome: Awaited<ReturnType<RecordRedress["expunge"]>>): void {
  const { tombstone, streamMessagesLeft } = outcome;
  process.stdout.write(
    `${JSON.stringify({ ...tombstone, at: tombstone.at.toISOString(), streamMessagesLeft })}\n`,
  );
  if (streamMessagesLeft > 0)
    process.stderr.write(
      `WARNING: ${streamMessagesLeft} farm stream message(s) still carry the old templates: run again with --nats to erase them\n`,
    );
}

/**
 * `tenprint record`: expungement (court order) and correction (redress) of repository records. A running
 * hub without a farm stops answering an expunged record at once (searches check the tombstones) and
 * learns a correction's prints at its next start; the API's /v1/records endpoints act in its process.
 */
export function registerRecordCommands(program: Command): void {
  const record = program
    .command("record")
    .description("expunge or correct a repository record (decision 0018), with an audited tombstone");
  withOrderOptions(
    record
      .command("expunge")
      .description("remove a record and its prints from the repository and every farm shard")
      .argument("<identity>", "the record's identity (FBI number, FIN)"),
  ).action(async (identity: string, options: OrderOptions) => {
    const repository = repositoryOption(options.repository);
    await withRedress(options, async (redress) => {
      report(await redress.expunge(repository, identity, orderOf(options, repository)));
    });
  });
  withOrderOptions(
    record
      .command("correct")
      .description("replace a record found wrong, and its prints if the file has them")
      .argument("<identity>", "the record's identity (FBI number, FIN)")
      .requiredOption(
        "--from <file>",
        "the corrected record: a JSON record or an EBTS file, as `tenprint enrol` reads",
      ),
  ).action(async (identity: string, options: OrderOptions & { from: string }) => {
    const repository = repositoryOption(options.repository);
    await withRedress(options, async (redress) => {
      const correction = await readCorrection(options.from, repository);
      if (correction.record.identity !== identity)
        throw invalidInput(`${options.from} holds record ${correction.record.identity}, not ${identity}`);
      report(await redress.correct(repository, identity, correction, orderOf(options, repository)));
    });
  });
  record
    .command("history")
    .description("the expungements and corrections of a record (who, why, when; never its content)")
    .argument("<identity>")
    .requiredOption("--repository <name>", "criminal or ident")
    .option("--data <dir>", `embedded database directory (default ${DEFAULT_DATA_DIR})`)
    .option("--database <url>", "PostgreSQL URL (default DATABASE_URL)")
    .action(async (identity: string, options: DatabaseChoice & { repository: string }) => {
      const repository = repositoryOption(options.repository);
      const handle = await openHubDatabase(databaseOptions(options));
      try {
        const rows = await createHubStorage(handle.db).tombstones.forIdentity(repository, identity);
        if (rows.length === 0)
          throw new NotFoundError(
            `record:${repository}/${identity}`,
            `no expungement or correction of ${identity}`,
          );
        for (const row of rows)
          process.stdout.write(`${JSON.stringify({ ...row, at: row.at.toISOString() })}\n`);
      } catch (error) {
        if (error instanceof ServiceError) throw invalidInput(error.message, error);
        throw error;
      } finally {
        await handle.close();
      }
    });
}

/** The corrected record read as `tenprint enrol` reads it; prints (extracted from images) when it has them. */
async function readCorrection(file: string, repository: RepositoryName): Promise<CorrectionFromFile> {
  const items = [];
  for await (const item of readEnrolmentItems([file], repository, { printsOptional: true })) items.push(item);
  const [item] = items;
  if (items.length !== 1 || !item)
    throw invalidInput(`${file} must hold exactly one record, it holds ${items.length}`);
  if (item.kind === "reject") throw invalidInput(`${item.path}: ${item.location}: ${item.reason}`);
  if (!item.fingers && !item.images) return { record: item.record };
  let pool: ExtractionPool | undefined;
  try {
    const fingers = await fingersOf(item, () => {
      pool ??= new ExtractionPool(availableParallelism());
      return pool;
    });
    return { record: item.record, fingers, ...(item.prints ? { prints: item.prints } : {}) };
  } catch (error) {
    throw invalidInput(`${file}: ${error instanceof Error ? error.message : String(error)}`, error);
  } finally {
    await pool?.close();
  }
}
