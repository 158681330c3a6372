import {
  AUDIT_CHECKPOINT_ENV,
  type AuditCheckpointOptions,
  auditSigningKeyFromEnv,
  backupSocketPath,
  connectFarm,
  createApi,
  createEnvelopeCipher,
  DEFAULT_DATA_DIR,
  HubRuntime,
  hubLogger,
  MASTER_KEY_FILE_ENV,
  masterKeyFromEnvironment,
  missingMasterKeyMessage,
  PLAINTEXT_CIPHER,
  parseShardCounts,
  RATE_LIMIT_ENV,
} from "@tenprint/hub";
import type { Command } from "commander";
import { consoleFolder } from "./console-folder.js";
import { stopOnSignals } from "./stop-signals.js";

/**
 * `tenprint serve`: the hub for a deployment. PostgreSQL from DATABASE_URL (the embedded database in
 * --data otherwise), the API on PORT, and the workflow loops; LESC analysts and ERO officers act through
 * the API, never by rule.
 */
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("run the hub: API, workflow and delivery (DATABASE_URL, PORT, WORKERS from the environment)")
    .option("--data <dir>", "embedded database directory when DATABASE_URL is not set", "./.tenprint")
    .option("--port <n>", "HTTP port (default: PORT or 8080)")
    .option("--host <address>", "address to listen on", "0.0.0.0")
    .option("--workers <n>", "workflow loops (default: WORKERS or 4)")
    .option("--no-console", "serve the API only, without the web console at /")
    .option("--master-key-file <file>", `master key for encryption at rest (default: ${MASTER_KEY_FILE_ENV})`)
    .option("--insecure-no-encryption", "store biometrics, records and secrets in plain (tests only)")
    .option(
      "--nats <url>",
      "search galleries on a matcher farm on this NATS server (default: in this process)",
    )
    .option(
      "--shards <list>",
      "shards per repository on the farm, e.g. criminal=2,ident=4",
      "criminal=1,ident=1",
    )
    .option("--farm-prefix <name>", "the farm's stream and subject prefix (as the matchers' --prefix)")
    .action(
      async (options: {
        data: string;
        port?: string;
        host: string;
        workers?: string;
        console: boolean;
        masterKeyFile?: string;
        insecureNoEncryption?: boolean;
        nats?: string;
        shards: string;
        farmPrefix?: string;
      }) => {
        const port = Number(options.port ?? process.env.PORT ?? 8080);
        if (!Number.isInteger(port) || port < 0 || port > 65_535)
          throw new Error(`port must be 0–65535, got ${port}`);
        const loops = Number(options.workers ?? process.env.WORKERS ?? 4);
        if (!Number.isInteger(loops) || loops < 1 || loops > 64)
          throw new Error(`workers must be 1–64, got ${loops}`);
        const masterKey = masterKeyFromEnvironment(process.env, options.masterKeyFile);
        if (!masterKey && !options.insecureNoEncryption) throw new Error(missingMasterKeyMessage());
        if (!masterKey)
          process.stderr.write(
            "WARNING: --insecure-no-encryption: biometrics and records are stored in plain\n",
          );
        const auditCheckpoints = auditCheckpointsFromEnv();
        // A warning, on stderr: the console's URL stays the first line a person reads on stdout.
        if (!auditCheckpoints)
          process.stderr.write(
            `WARNING: audit checkpoints off: set ${AUDIT_CHECKPOINT_ENV.keyFile} (Ed25519 PEM) and ${AUDIT_CHECKPOINT_ENV.file} to sign the audit head outside the database\n`,
          );
        const shards = parseShardCounts(options.shards);
        const signal = stopOnSignals();
        const nc: Awaited<ReturnType<typeof connectFarm>> | undefined = options.nats
          ? await connectFarm(options.nats, `tenprint serve ${process.pid}`)
          : undefined;
        const runtime = await HubRuntime.open({
          database: {
            databaseUrl: process.env.DATABASE_URL,
            dataDir: options.data,
            cipher: masterKey ? createEnvelopeCipher(masterKey) : PLAINTEXT_CIPHER,
          },
          workflowLoops: loops,
          // `tenprint backup --data DIR` asks this process for a consistent copy while it runs.
          ...(process.env.DATABASE_URL
            ? {}
            : { backupSocket: backupSocketPath(options.data ?? DEFAULT_DATA_DIR) }),
          ...(auditCheckpoints ? { auditCheckpoints } : {}),
          ...(nc
            ? { farm: { nc, shards, ...(options.farmPrefix ? { prefix: options.farmPrefix } : {}) } }
            : {}),
        }).catch(async (error) => {
          await nc?.close();
          throw error;
        });
        const web = consoleFolder(options.console, (line) => process.stdout.write(`${line}\n`));
        // Never signInAs: a deployment's keys are issued to agencies, not listed on a page.
        const api = createApi(
          {
            db: runtime.db,
            submissions: runtime.submissions,
            lesc: runtime.lesc,
            detainers: runtime.detainers,
            comparisons: runtime.comparisons,
            records: runtime.records,
          },
          { ...web, logger: hubLogger(), ...rateLimitFromEnv() },
        );
        try {
          await api.listen({ port, host: options.host });
          runtime.start();
          const bound = api.server.address();
          const boundPort = typeof bound === "object" && bound ? bound.port : port;
          if (web.console !== undefined)
            process.stdout.write(`Tenprint console: http://${displayHost(options.host)}:${boundPort}/\n`);
          process.stdout.write(
            `tenprint hub serving on ${options.host}:${boundPort} (${runtime.handle.backend} at ${runtime.handle.location}), ${runtime.criminal.size} criminal and ${runtime.ident.size} IDENT identities\n`,
          );
          await new Promise<void>((resolve) =>
            signal.addEventListener("abort", () => resolve(), { once: true }),
          );
        } finally {
          await api.close();
          await runtime.close();
          await nc?.close();
        }
      },
    );
}

/** Both the key and the file, or neither: a key without a file (or the reverse) is a mistake to report. */
function auditCheckpointsFromEnv(): AuditCheckpointOptions | undefined {
  const key = auditSigningKeyFromEnv();
  const file = process.env[AUDIT_CHECKPOINT_ENV.file];
  if (!key && !file) return undefined;
  if (!key || !file)
    throw new Error(
      `audit checkpoints need both ${AUDIT_CHECKPOINT_ENV.keyFile} (or ${AUDIT_CHECKPOINT_ENV.key}) and ${AUDIT_CHECKPOINT_ENV.file}`,
    );
  return { key, file };
}

/** `TENPRINT_RATE_LIMIT`: requests per API key per minute, 0 for no limit; the hub's default otherwise. */
function rateLimitFromEnv(): { rateLimit?: { max: number; timeWindowMs: number } | false } {
  const raw = process.env[RATE_LIMIT_ENV];
  if (raw === undefined || raw === "") return {};
  const max = Number(raw);
  if (!Number.isInteger(max) || max < 0)
    throw new Error(`${RATE_LIMIT_ENV} must be a whole number of requests per minute (0: none), got ${raw}`);
  return { rateLimit: max === 0 ? false : { max, timeWindowMs: 60_000 } };
}

/** The address a browser on this machine uses for a listening address. */
function displayHost(host: string): string {
  return host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
}
