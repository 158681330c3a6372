/**
 * @tenprint/hub: the interoperability hub. What a program that runs, embeds or operates a hub needs; the
 * modules behind these names are internal. The browser-safe state machines are `@tenprint/hub/domain`,
 * the API roles `@tenprint/hub/roles`, the OpenAPI document `@tenprint/hub/openapi`.
 */

// Running a hub: the database, the services wired together, and the HTTP API over them.
export { API_ROLES, type ApiRole, type Caller as ApiCaller } from "./api/api-caller.js";
export type { ApiDeps } from "./api/api-context.js";
export { hubLogger, LOG_LEVEL_ENV } from "./api/api-logger.js";
export { isApiRole } from "./api/api-roles.js";
export { type ApiOptions, createApi, RATE_LIMIT_ENV } from "./api/create-api.js";
export type { SignInAsCredential } from "./api/demo-sign-in-route.js";
export { queryStatistics, type StatisticsFilter } from "./api/statistics-query.js";
// The directory of agencies and jurisdictions, and the deployment plan over it.
export {
  DIRECTORY_FORMAT,
  DIRECTORY_TABLES,
  DirectoryImportError,
  type DirectoryProblem,
  type DirectoryTable,
  describeProblem,
} from "./directory/directory-format.js";
export type {
  DirectoryAgency,
  DirectoryContent,
  DirectoryJurisdiction,
} from "./directory/directory-records.js";
export type { BookingAuthority, BookingClaim } from "./domain/booking-authority.js";
// The hub's vocabulary: what its records and rules are stated in.
export { chargeSeverity, type Severity } from "./domain/charge-severity.js";
export type { ArrestEvent, ChargeOutcome, Disposition, Sentence } from "./domain/criminal-history.js";
export { PLAN_ACTIONS, type PlanChange, type ProgressFigures } from "./domain/deployment-plan.js";
export type { DetainerState, DetainerStatus } from "./domain/detainer-lifecycle.js";
export { DomainInputError, IllegalTransitionError } from "./domain/domain-error.js";
export { FBI_CJIS_ORI } from "./domain/hub-oris.js";
export {
  type EncounterKind,
  IMMIGRATION_STATUSES,
  type ImmigrationStatus,
} from "./domain/immigration-status.js";
export {
  ACTIVATION_STATUSES,
  type ActivationStatus,
  type JurisdictionActivation,
  type ReceiptPreference,
} from "./domain/jurisdiction-activation.js";
export type { Corroboration, ImmigrationRecordView, LescDetermination } from "./domain/lesc-determination.js";
export { startOfLocalDay } from "./domain/local-calendar.js";
export { type PriorityAssessment, RULE_SETS, type RuleSetId } from "./domain/priority-levels.js";
export type { RetentionChange, RetentionPolicies } from "./domain/retention-rules.js";
export { retentionChangeProblem } from "./domain/retention-rules.js";
export type { SubmissionState, SubmissionStatus } from "./domain/submission-workflow.js";
export type { Statistics, StatisticsCounts } from "./domain/transaction-statistics.js";
// Enrolling a repository from files (`tenprint enrol`).
export {
  countEnrolmentRecords,
  listEnrolmentFiles,
  readEnrolmentItems,
} from "./enrolment/enrolment-sources.js";
export {
  type EnrolmentCounts,
  enrolmentWriter,
  enrolRepository,
  fingersOf,
} from "./enrolment/repository-enrolment.js";
// A matcher farm over NATS (`tenprint matcher`, `tenprint cluster`).
export {
  clusterStatus,
  type ExtractorSeen,
  extractorStatus,
  type RepositoryStatus,
} from "./farm/cluster-status.js";
export { EnrolmentLogPublisher } from "./farm/enrolment-log.js";
export { type TrimOutcome, trimEnrolmentLog } from "./farm/enrolment-log-trim.js";
export { ExtractionService } from "./farm/extraction-service.js";
export { connectFarm, FarmConnectionError, parseShardCounts } from "./farm/farm-connection.js";
export { parseShard, type ShardSpec } from "./farm/farm-names.js";
export { FARM_PARAMETERS } from "./farm/farm-parameters.js";
export { type MatcherStatus, ShardMatcher } from "./farm/shard-matcher.js";
// Reports: the monthly and accountability reports, in every format.
export type { AccountabilityReport } from "./reports/accountability-report.js";
export type { MonthlyReport } from "./reports/monthly-report.js";
export {
  REPORT_FORMATS,
  type RenderedReport,
  type ReportFormat,
  renderReport,
} from "./reports/report-formats.js";
export {
  type AccountabilityRequest,
  type MonthlyRequest,
  monthBounds,
  produceAccountabilityReport,
  produceMonthlyReport,
  ReportRequestError,
} from "./reports/report-production.js";
export type { GroundTruth } from "./reports/report-rows.js";
// The workflow services, for a program that drives bookings through the hub without the HTTP API.
export { ArrestEnrolment } from "./services/arrest-enrolment.js";
export type { BiometricRepository, EnrolledSubject } from "./services/biometric-repository.js";
export { DeploymentPlanService } from "./services/deployment-plan-service.js";
export { DetainerService } from "./services/detainer-service.js";
export { directoryBookingAuthority } from "./services/directory-booking-authority.js";
export { directoryRouting } from "./services/directory-routing.js";
export {
  type DirectoryImportReport,
  type DirectorySource,
  directoryCsv,
  directoryJson,
  exportDirectory,
  importDirectory,
  writeDirectory,
} from "./services/directory-transfer.js";
export {
  type AuditCheckpointOptions,
  type HubFarmOptions,
  HubRuntime,
  type HubRuntimeOptions,
} from "./services/hub-runtime.js";
export { IaqStep } from "./services/iaq-step.js";
export { IntakeLimitError, IntakePool, type IntakePoolOptions } from "./services/intake-pool.js";
export { LescService } from "./services/lesc-service.js";
export { ExtractionPool } from "./services/probe-extraction-pool.js";
export { type RecordCorrection, RecordRedress, type RedressOrder } from "./services/record-redress.js";
export {
  type PurgeReport,
  purgeExpired,
  RETAINED_MESSAGE_TYPES,
  retentionPolicies,
  setRetentionPolicy,
} from "./services/retention-purge.js";
export { ConflictError, ForbiddenError, NotFoundError, ServiceError } from "./services/service-error.js";
export type { EnrolmentBatchItem } from "./services/stored-repository.js";
export { StoredRequests, storedBooking } from "./services/stored-requests.js";
export type { SubjectRecord } from "./services/subject-record.js";
export { type ProbeSource, probeFromSubmission } from "./services/submission-probe.js";
export { SubmissionService, type SubmitOptions, type SubmitResult } from "./services/submission-service.js";
export { SubmissionWorker } from "./services/submission-worker.js";
export { signWebhook, verifyWebhookSignature, WEBHOOK_HEADERS } from "./services/webhook-signature.js";
export { WorkflowWorker } from "./services/workflow-worker.js";
// Operating a hub's stored data: keys, audit, backups, retention.
export { verifyAuditChain } from "./storage/audit-chain-verification.js";
export {
  AUDIT_CHECKPOINT_ENV,
  auditSigningKeyFromEnv,
  DEMO_AUDIT_FILES,
  demoAuditSigningKey,
  verifyAuditCheckpoints,
  writeAuditCheckpoint,
} from "./storage/audit-checkpoints.js";
export { backupSocketPath, requestBackup } from "./storage/backup-socket.js";
export type { HubDatabase } from "./storage/database-schema.js";
export type { StoredDetainer } from "./storage/detainer-repository.js";
export type { EnrolledPrint } from "./storage/enrolled-print-store.js";
export { createEnvelopeCipher, type EnvelopeCipher, PLAINTEXT_CIPHER } from "./storage/envelope-cipher.js";
export {
  type BackupManifest,
  createEmbeddedBackup,
  readBackupManifest,
  restoreEmbeddedBackup,
} from "./storage/hub-backup.js";
export { createHubStorage, type HubStorage, type StorageOptions } from "./storage/hub-storage.js";
export { type RotationResult, rotateMasterKey } from "./storage/key-rotation.js";
export {
  DEMO_MASTER_KEY_FILE,
  demoMasterKey,
  MASTER_KEY_ENV,
  MASTER_KEY_FILE_ENV,
  masterKeyFromEnvironment,
  missingMasterKeyMessage,
  readMasterKeyFile,
  replaceMasterKeyFile,
  storedDataMasterKey,
} from "./storage/master-key.js";
export { migrateToLatest } from "./storage/migrations.js";
export {
  type DatabaseOptions,
  DEFAULT_DATA_DIR,
  type HubDatabaseHandle,
  openHubDatabase,
} from "./storage/open-database.js";
export { StorageError } from "./storage/storage-error.js";
export type { RepositoryName } from "./storage/subject-record-store.js";
export { keepTransactionRows, TransactionRowCache } from "./storage/transaction-repository.js";
