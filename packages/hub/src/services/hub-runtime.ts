import type { KeyObject } from "node:crypto";
import { availableParallelism, hostname } from "node:os";
import type { NatsConnection } from "@nats-io/transport-node";
import { TenprintGallery } from "@tenprint/afis";
import { FBI_CJIS_ORI } from "../domain/hub-oris.js";
import type { RuleSetId } from "../domain/priority-levels.js";
import { clusterStatus, extractorStatus } from "../farm/cluster-status.js";
import { type ClusterView, embeddedClusterView, farmClusterView } from "../farm/cluster-view.js";
import { EnrolmentLogPublisher } from "../farm/enrolment-log.js";
import { trimEnrolmentLog } from "../farm/enrolment-log-trim.js";
import { FARM_PARAMETERS } from "../farm/farm-parameters.js";
import { FarmRepository } from "../farm/farm-repository.js";
import { FarmSearch } from "../farm/farm-search.js";
import { RemoteExtraction } from "../farm/remote-extraction.js";
import { lastCheckpointSeq, writeAuditCheckpoint } from "../storage/audit-checkpoints.js";
import { serveBackups } from "../storage/backup-socket.js";
import { createEmbeddedBackup } from "../storage/hub-backup.js";
import { createHubStorage } from "../storage/hub-storage.js";
import { type DatabaseOptions, type HubDatabaseHandle, openHubDatabase } from "../storage/open-database.js";
import { ArrestEnrolment } from "./arrest-enrolment.js";
import { CaseComparisons } from "./case-comparison.js";
import { DetainerService } from "./detainer-service.js";
import { directoryRouting } from "./directory-routing.js";
import { IaqStep } from "./iaq-step.js";
import { LescService } from "./lesc-service.js";
import { MessageDeliverer } from "./message-deliverer.js";
import { ExtractionPool } from "./probe-extraction-pool.js";
import { RecordRedress } from "./record-redress.js";
import { purgeExpired } from "./retention-purge.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";
import { type HubRepository, StoredBiometricRepository } from "./stored-repository.js";
import { StoredRequests } from "./stored-requests.js";
import { ProbeCache } from "./submission-probe.js";
import { SubmissionService } from "./submission-service.js";
import { SubmissionWorker } from "./submission-worker.js";
import type { WebhookTargetPolicy } from "./webhook-target-policy.js";
import { WorkflowWorker } from "./workflow-worker.js";

export interface HubRuntimeOptions {
  readonly database: DatabaseOptions;
  /** ORI the hub answers from (the CJIS role). */
  readonly hubOri?: string;
  /** Concurrent workflow loops; searches run on the galleries' worker threads, so a few overlap I/O. */
  readonly workflowLoops?: number;
  /**
   * Worker threads per gallery (0 searches on the main thread). By default one per core: the gallery
   * lives in shared memory, so a thread costs no copy, and one search then uses every idle core.
   */
  readonly searchThreads?: number;
  /** Worker threads extracting booking images (0 extracts on the main thread). */
  readonly extractionThreads?: number;
  /**
   * Demonstration only: LESC analysts and ERO officers are replaced by their rules, for every booking
   * (true) or for those the function picks.
   */
  readonly autoConfirm?: boolean | ((transactionId: string) => boolean);
  readonly autoReview?: boolean | ((transactionId: string) => boolean);
  readonly ruleSet?: RuleSetId;
  readonly clock?: () => Date;
  /**
   * Return from `open` before the galleries are loaded, so the API can serve at once; the workflow
   * loops wait for `ready` before their first search. Otherwise `open` returns with both loaded.
   */
  readonly loadInBackground?: boolean;
  /** Where webhooks may be delivered; by default the operator's policy from the environment. */
  readonly webhookTargets?: WebhookTargetPolicy;
  /**
   * An embedded database answers `tenprint backup` on this Unix socket while the hub runs
   * (storage/backup-socket.ts); `serve` and `demo` put it in the data directory.
   */
  readonly backupSocket?: string;
  /**
   * Signed checkpoints of the audit head, appended to `file` (outside the database) while the loops run
   * and once more at close. Without them the audit chain only vouches for itself.
   */
  readonly auditCheckpoints?: AuditCheckpointOptions;
  /** Galleries on a matcher farm instead of in this process (docs/decisions/0011-matcher-farm.md). */
  readonly farm?: HubFarmOptions;
  /**
   * Runs the retention purge (decision 0016) while the loops run: first a minute after start, then every
   * `everyMs` (default SERVICE_PARAMETERS.retention.everyMs). Off without it.
   */
  readonly retention?: { readonly everyMs?: number };
}

export interface AuditCheckpointOptions {
  readonly file: string;
  /** The operator's Ed25519 private key. */
  readonly key: KeyObject;
  readonly everyMs?: number;
  readonly everyEvents?: number;
}

export interface HubFarmOptions {
  /** The caller's NATS connection; the runtime does not close it. */
  readonly nc: NatsConnection;
  /** Stream and subject prefix (default FARM_PARAMETERS.defaultPrefix). */
  readonly prefix?: string;
  /** Shards per repository, as the matchers were started with (`--shard i/S`). */
  readonly shards: { readonly criminal: number; readonly ident: number };
  /** A shard's answer deadline per attempt (default FARM_PARAMETERS.searchTimeoutMs). */
  readonly searchTimeoutMs?: number;
  /**
   * How often the loops trim each enrolment stream below what every shard's snapshot covers (default
   * FARM_PARAMETERS.trimIntervalMs; 0 never trims).
   */
  readonly trimIntervalMs?: number;
  /** How long an image waits for an extractor before the hub extracts it (FARM_PARAMETERS.extractionTimeoutMs). */
  readonly extractionTimeoutMs?: number;
}

/**
 * The running hub: database, both repositories loaded into their search structures, the services, and the
 * loops that run the work queue and deliver the outbox. Everything durable is in Postgres, so a process
 * killed at any moment resumes where it was: leases expire, jobs and messages are taken up again.
 */
export class HubRuntime {
  readonly handle: HubDatabaseHandle;
  /** The ORI the hub answers and audits its own jobs from. */
  readonly hubOri: string;
  readonly criminal: HubRepository;
  readonly ident: HubRepository;
  readonly submissions: SubmissionService;
  readonly lesc: LescService;
  readonly detainers: DetainerService;
  /** Expungement and correction of repository records (decision 0018). */
  readonly records: RecordRedress;
  /** Explains LESC cases' matches, extracting on the same threads and cache as the searches. */
  readonly comparisons: CaseComparisons;
  readonly #log: EnrolmentLogPublisher | undefined;
  readonly #farm: HubFarmOptions | undefined;
  readonly #extraction: ExtractionPool | undefined;
  readonly #workflow: WorkflowWorker;
  readonly #deliverer: MessageDeliverer;
  readonly #loops: number;
  readonly #checkpoints: AuditCheckpointOptions | undefined;
  readonly #retention: { readonly everyMs?: number } | undefined;
  readonly #clock: () => Date;
  #lastCheckpoint: { seq: number; at: number } | undefined;
  #running: Promise<void>[] = [];
  #stopping = false;
  #closing = false;
  #wake: (() => void)[] = [];
  /** Waits that only stopping ends (a new submission is no reason to checkpoint). */
  #stopWaits: (() => void)[] = [];

  private constructor(handle: HubDatabaseHandle, options: Omit<HubRuntimeOptions, "database">) {
    const { db } = handle;
    const clock = options.clock ?? (() => new Date());
    const hubOri = options.hubOri ?? FBI_CJIS_ORI;
    this.hubOri = hubOri;
    const threads = options.searchThreads ?? availableParallelism();
    this.handle = handle;
    const farm = options.farm;
    this.#farm = farm;
    if (farm) {
      const log = new EnrolmentLogPublisher(db, farm.nc, farm.prefix);
      const deadline = farm.searchTimeoutMs ? { timeoutMs: farm.searchTimeoutMs } : {};
      this.#log = log;
      this.criminal = new FarmRepository(
        db,
        "criminal",
        log,
        new FarmSearch(farm.nc, "criminal", farm.shards.criminal, farm.prefix, deadline),
      );
      this.ident = new FarmRepository(
        db,
        "ident",
        log,
        new FarmSearch(farm.nc, "ident", farm.shards.ident, farm.prefix, deadline),
      );
    } else {
      this.#log = undefined;
      this.criminal = new StoredBiometricRepository(
        db,
        "criminal",
        new TenprintGallery({ workers: threads }),
      );
      this.ident = new StoredBiometricRepository(db, "ident", new TenprintGallery({ workers: threads }));
    }
    const criminal = this.criminal;
    const ident = this.ident;
    this.records = new RecordRedress(db, {
      clock,
      ...(this.#log ? { log: this.#log } : {}),
      mirrors: {
        ...(criminal instanceof StoredBiometricRepository ? { criminal } : {}),
        ...(ident instanceof StoredBiometricRepository ? { ident } : {}),
      },
    });
    this.submissions = new SubmissionService(db, {
      hubOri,
      routing: directoryRouting(db, clock),
      clock,
      onAccepted: () => this.wake(),
    });
    this.lesc = new LescService(db, { clock, autoConfirm: options.autoConfirm ?? false });
    this.detainers = new DetainerService(db, {
      clock,
      autoReview: options.autoReview ?? false,
      ruleSet: options.ruleSet ?? "PEP_2014",
    });
    const extractionThreads = options.extractionThreads ?? SERVICE_PARAMETERS.runtime.extractionThreads;
    this.#extraction = extractionThreads > 0 ? new ExtractionPool(extractionThreads) : undefined;
    // On a farm, booking images go to `tenprint extractor` processes while one is connected.
    const probes = new ProbeCache(
      farm
        ? new RemoteExtraction(farm.nc, {
            ...(farm.prefix ? { prefix: farm.prefix } : {}),
            ...(this.#extraction ? { local: this.#extraction } : {}),
            ...(farm.extractionTimeoutMs ? { timeoutMs: farm.extractionTimeoutMs } : {}),
          })
        : this.#extraction,
    );
    this.comparisons = new CaseComparisons(db, { probes });
    // A booking's request is read and parsed once for its searches and its arrest enrolment.
    const requests = new StoredRequests();
    const searches = new SubmissionWorker(db, {
      hubOri,
      criminal: this.criminal,
      ident: this.ident,
      clock,
      probes,
      requests,
    });
    const enrolment = new ArrestEnrolment(db, { criminal: this.criminal, probes, hubOri, requests, clock });
    this.#workflow = new WorkflowWorker(
      db,
      [searches, enrolment, new IaqStep(db, { clock }), this.lesc, this.detainers],
      {
        clock,
      },
    );
    this.#deliverer = new MessageDeliverer(db, {
      clock,
      ...(options.webhookTargets ? { targets: options.webhookTargets } : {}),
    });
    this.#loops = options.workflowLoops ?? SERVICE_PARAMETERS.runtime.workflowLoops;
    this.#checkpoints = options.auditCheckpoints;
    this.#retention = options.retention;
    this.#clock = clock;
    const signed = options.auditCheckpoints && lastCheckpointSeq(options.auditCheckpoints.file);
    if (signed !== undefined) this.#lastCheckpoint = { seq: signed, at: clock().getTime() };
  }

  /**
   * Appends a signed checkpoint of the audit head when the chain grew since the last one; returns its seq,
   * or undefined without checkpoints configured or with nothing new.
   */
  async checkpointAudit(): Promise<number | undefined> {
    const options = this.#checkpoints;
    if (!options) return undefined;
    const checkpoint = await writeAuditCheckpoint(this.handle.db, {
      file: options.file,
      key: options.key,
      clock: this.#clock,
      ...(this.#lastCheckpoint ? { after: this.#lastCheckpoint.seq } : {}),
    });
    if (!checkpoint) return undefined;
    this.#lastCheckpoint = { seq: checkpoint.seq, at: this.#clock().getTime() };
    return checkpoint.seq;
  }

  /** Checkpoints when enough time or enough events have passed since the last one. */
  async #checkpointWhenDue(): Promise<void> {
    const options = this.#checkpoints;
    if (!options) return;
    const P = SERVICE_PARAMETERS.auditCheckpoint;
    const last = this.#lastCheckpoint;
    if (last) {
      const head = await this.handle.db
        .selectFrom("audit_head")
        .select("seq")
        .where("id", "=", 1)
        .executeTakeFirstOrThrow();
      const grown = Number(head.seq) - last.seq;
      const waited = this.#clock().getTime() - last.at;
      if (
        grown <= 0 ||
        (grown < (options.everyEvents ?? P.everyEvents) && waited < (options.everyMs ?? P.everyMs))
      )
        return;
    }
    await this.checkpointAudit();
  }

  /** Opens (and migrates) the database and loads both galleries; does not start the loops. */
  static async open(options: HubRuntimeOptions): Promise<HubRuntime> {
    return HubRuntime.attach(await openHubDatabase(options.database), options);
  }

  /** A runtime over an open database handle (tests, tools); closing the runtime closes the handle. */
  static async attach(
    handle: HubDatabaseHandle,
    options: Omit<HubRuntimeOptions, "database">,
  ): Promise<HubRuntime> {
    const runtime = new HubRuntime(handle, options);
    await runtime.#releaseDeadLeases();
    if (options.backupSocket && handle.snapshot) {
      try {
        runtime.#stopBackups = await serveBackups(options.backupSocket, () => createEmbeddedBackup(handle));
      } catch (error) {
        await runtime.close();
        throw error;
      }
    }
    if (options.loadInBackground) return runtime;
    try {
      await runtime.load();
    } catch (error) {
      await runtime.close();
      throw error;
    }
    return runtime;
  }

  /**
   * Jobs leased by a process that was killed would wait out their lease (minutes) before anyone retried
   * them. The embedded database has one process, so every lease found at start is stale; on a server,
   * leases held by dead processes of this host are. Live processes and other hosts keep theirs.
   */
  async #releaseDeadLeases(): Promise<void> {
    const queue = createHubStorage(this.handle.db).queue;
    if (this.handle.backend === "pglite") {
      await queue.releaseLeases();
      return;
    }
    const host = `${hostname()}:`;
    const dead = (await queue.leaseHolders()).filter((holder) => {
      if (!holder.startsWith(host)) return false;
      const pid = Number(holder.slice(host.length).split(":")[0]);
      return Number.isInteger(pid) && pid !== process.pid && !processRuns(pid);
    });
    await queue.releaseLeases(dead);
  }

  #loading: Promise<void> | undefined;
  #stopBackups: (() => Promise<void>) | undefined;

  /**
   * Loads both galleries from the database (once; later calls return the same promise). `start` calls
   * it, so a runtime opened with `loadInBackground` serves the API while its galleries load.
   */
  load(): Promise<void> {
    this.#loading ??= (async () => {
      const stopping = () => this.#closing;
      // Together: each gallery prepares its fingers on its own worker thread.
      await Promise.all([this.criminal.load(stopping), this.ident.load(stopping)]);
    })();
    return this.#loading;
  }

  /** Settles when both galleries hold every stored template. */
  get ready(): Promise<void> {
    return this.load();
  }

  get db() {
    return this.handle.db;
  }

  /**
   * Where the galleries are searched (`GET /v1/cluster`): on a farm, every matcher's shard, replica,
   * applied sequence and lag against its stream, and the extractors connected; embedded, the in-process
   * galleries' sizes.
   */
  async cluster(): Promise<ClusterView> {
    const at = this.#clock();
    const farm = this.#farm;
    if (!farm) return embeddedClusterView({ criminal: this.criminal.size, ident: this.ident.size }, at);
    const prefix = farm.prefix ?? FARM_PARAMETERS.defaultPrefix;
    const [matchers, extractors] = await Promise.all([
      clusterStatus(farm.nc, { prefix, shards: farm.shards }),
      extractorStatus(farm.nc, { prefix }),
    ]);
    return farmClusterView(matchers, prefix, at, extractors);
  }

  /** The farm's enrolment log, when the galleries are on a farm. */
  get enrolmentLog(): EnrolmentLogPublisher | undefined {
    return this.#log;
  }

  /** Runs one due job of any workflow kind, outside the loops (tools and tests step the workflow by hand). */
  processNext(workerId: string) {
    return this.#workflow.processNext(workerId);
  }

  /** Delivers due outbox messages once, outside the loops. */
  deliverDue() {
    return this.#deliverer.deliverDue();
  }

  /** Starts the workflow loops and the deliverer. */
  start(): void {
    if (this.#running.length > 0) return;
    this.#stopping = false;
    const prefix = `${hostname()}:${process.pid}`;
    for (let i = 0; i < this.#loops; i++) {
      this.#running.push(
        this.ready.then(
          () => this.#loop(async () => (await this.#workflow.processNext(`${prefix}:w${i}`)).kind !== "idle"),
          (error) =>
            process.emitWarning(`hub: the galleries did not load, no search will run: ${String(error)}`),
        ),
      );
    }
    const log = this.#log;
    if (log) {
      // Events another process committed and could not publish (it died) reach the matchers even when
      // no search here asks for them.
      this.#running.push(
        this.#loop(async () => {
          await Promise.all([log.publishPending("criminal"), log.publishPending("ident")]);
          return false;
        }),
      );
    }
    this.#running.push(
      this.#loop(async () => {
        const counts = await this.#deliverer.deliverDue();
        return counts.delivered + counts.retried + counts.failed > 0;
      }),
    );
    const trimEveryMs = this.#farm?.trimIntervalMs ?? FARM_PARAMETERS.trimIntervalMs;
    if (this.#farm && trimEveryMs > 0) this.#running.push(this.#trimLoop(this.#farm, trimEveryMs));
    if (this.#checkpoints) this.#running.push(this.#checkpointLoop());
    if (this.#retention) this.#running.push(this.#retentionLoop(this.#retention.everyMs));
  }

  /** The scheduled purge: audited as the hub itself (actor `retention-job`). */
  async #retentionLoop(everyMs: number = SERVICE_PARAMETERS.retention.everyMs): Promise<void> {
    let waitMs = Math.min(60_000, everyMs);
    while (!this.#stopping) {
      await this.#pause(waitMs);
      if (this.#stopping) return;
      waitMs = everyMs;
      try {
        await purgeExpired(this.handle.db, {
          by: { actor: "retention-job", ori: this.hubOri },
          clock: this.#clock,
        });
      } catch (error) {
        process.emitWarning(`hub retention purge: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Trims the enrolment streams (any hub process may: the bound is computed afresh each time). */
  async #trimLoop(farm: HubFarmOptions, everyMs: number): Promise<void> {
    while (!this.#stopping) {
      await this.#pause(everyMs);
      if (this.#stopping) return;
      for (const repository of ["criminal", "ident"] as const) {
        await trimEnrolmentLog(farm.nc, repository, farm.shards[repository], {
          ...(farm.prefix ? { prefix: farm.prefix } : {}),
        }).catch((error) =>
          process.emitWarning(`hub trim of the ${repository} enrolment stream: ${String(error)}`),
        );
      }
    }
  }

  /** Waits `ms`, or less when the runtime is stopping. */
  #pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#stopWaits.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async #checkpointLoop(): Promise<void> {
    while (!this.#stopping) {
      try {
        await this.#checkpointWhenDue();
      } catch (error) {
        process.emitWarning(
          `hub audit checkpoint: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      await this.#pause(SERVICE_PARAMETERS.auditCheckpoint.pollMs);
    }
  }

  /** Ends idle waits at once: new work was just written (a submission arrived). */
  wake(): void {
    for (const wake of this.#wake.splice(0)) wake();
  }

  async #loop(step: () => Promise<boolean>): Promise<void> {
    while (!this.#stopping) {
      let busy = false;
      try {
        busy = await step();
      } catch (error) {
        // A database hiccup must not end the loop; the job or message stays leased and returns later.
        process.emitWarning(`hub loop: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!busy && !this.#stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, SERVICE_PARAMETERS.runtime.idlePollMs);
          this.#wake.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    }
  }

  /** Lets the loops finish their current step, then stops them. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    for (const stop of this.#stopWaits.splice(0)) stop();
    await Promise.all(this.#running.splice(0));
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.stop();
    try {
      await this.checkpointAudit();
    } catch (error) {
      process.emitWarning(
        `hub audit checkpoint at close: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    await Promise.all([this.criminal.close(), this.ident.close()]);
    await this.#extraction?.close();
    await this.#deliverer.close();
    await this.#stopBackups?.();
    await this.handle.close();
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
