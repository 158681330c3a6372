import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import { initialSchema } from "./migrations/0001-initial-schema.js";
import { immigrationAndDelivery } from "./migrations/0002-immigration-and-delivery.js";
import { enrolledPrints } from "./migrations/0003-enrolled-prints.js";
import { sealedColumns } from "./migrations/0004-sealed-columns.js";
import { deploymentSites } from "./migrations/0005-deployment-sites.js";
import { galleryEvents } from "./migrations/0006-gallery-events.js";
import { rejectedSubmissions } from "./migrations/0007-rejected-submissions.js";
import { correctionsDepartment } from "./migrations/0008-corrections-department.js";
import { submitterIdempotency } from "./migrations/0009-submitter-idempotency.js";
import { directoryImport } from "./migrations/0011-directory-import.js";
import { recordTombstones } from "./migrations/0012-record-tombstones.js";
import { StorageError } from "./storage-error.js";

/** Imported, not scanned from disk: the migrations travel with the source wherever it runs. */
const migrations: Record<string, Migration> = {
  "0001-initial-schema": initialSchema,
  "0002-immigration-and-delivery": immigrationAndDelivery,
  "0003-enrolled-prints": enrolledPrints,
  "0004-sealed-columns": sealedColumns,
  "0005-deployment-sites": deploymentSites,
  "0006-gallery-events": galleryEvents,
  "0007-rejected-submissions": rejectedSubmissions,
  "0008-corrections-department": correctionsDepartment,
  "0009-submitter-idempotency": submitterIdempotency,
  "0011-directory-import": directoryImport,
  "0012-record-tombstones": recordTombstones,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema to the latest migration; throws a StorageError naming the migration that failed. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  // Without the schema, Kysely finds its bookkeeping tables in any schema on the search path's server and
  // skips creating them in ours (two hubs, or two test runs, sharing one server in separate schemas).
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrationTableSchema = rows[0]?.schema ?? "public";
  const { error, results } = await new Migrator({ db, provider, migrationTableSchema }).migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === "Error")?.migrationName ?? "unknown";
    throw new StorageError(`migration ${failed} failed: ${String(error)}`, { cause: error });
  }
}
