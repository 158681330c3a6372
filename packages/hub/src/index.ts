export { API_ROLES, type ApiRole, type Caller as ApiCaller } from "./api/api-caller.js";
export type { ApiDeps } from "./api/api-context.js";
export { hubLogger, LOG_LEVEL_ENV } from "./api/api-logger.js";
export { API_PARAMETERS } from "./api/api-parameters.js";
export { type ApiOptions, createApi, RATE_LIMIT_ENV } from "./api/create-api.js";
export { DEMO_PARAMETERS } from "./demo/demo-parameters.js";
export { type DemoOptions, DemoPortBusyError, runDemo } from "./demo/run-demo.js";
export { syntheticDirectory, syntheticStateDirectory } from "./demo/synthetic-directory.js";
export {
  DIRECTORY_FORMAT,
  DIRECTORY_TABLES,
  DirectoryImportError,
  type DirectoryProblem,
  type DirectoryTable,
  describeProblem,
} from "./directory/directory-format.js";
export type { DirectoryContent } from "./directory/directory-records.js";
export {
  changePlan,
  deploymentProgress,
  PLAN_ACTIONS,
  type PlanChange,
  type ProgressFigures,
  type RegionProgress,
} from "./domain/deployment-plan.js";
export {
  type ExcludedDay,
  type HoldOptions,
  type HoldProgress,
  type HoldWindow,
  holdDeadline,
  holdProgress,
  holdWindow,
} from "./domain/detainer-clock.js";
export {
  type DetainerEvent,
  type DetainerForm,
  type DetainerState,
  type DetainerStatus,
  issueDetainer,
  type NewDetainer,
  transitionDetainer,
} from "./domain/detainer-lifecycle.js";
export type {
  AuditEffect,
  Delivery,
  Effect,
  MatchEvidence,
  MessageEffect,
  MessageType,
  Transition,
  WorkEffect,
  WorkKind,
} from "./domain/domain-effects.js";
export { DomainInputError, IllegalTransitionError } from "./domain/domain-error.js";
export { DOMAIN_PARAMETERS } from "./domain/domain-parameters.js";
export {
  type FederalHoliday,
  federalHolidayOn,
  federalHolidays,
  type HolidayOptions,
} from "./domain/federal-holidays.js";
export { decideIdentification, type SearchOutcome } from "./domain/identification-decision.js";
export {
  type ActivationEvent,
  agreementInForce,
  identSearchApplies,
  type JurisdictionActivation,
  planJurisdiction,
  routingFor,
  type SibAgreement,
  signAgreement,
  terminateAgreement,
  transitionJurisdiction,
} from "./domain/jurisdiction-activation.js";
export {
  type AnalystDecision,
  type Corroboration,
  type DetainerBasis,
  determineStatus,
  type ImmigrationRecordView,
  type LescDetermination,
  type LescInput,
  type LescProposal,
  type LescQueueItem,
  type LescQueueSummary,
  proposeDetermination,
  queueAgeMs,
  summarizeQueue,
} from "./domain/lesc-determination.js";
export {
  assessPriority,
  offencesFromHistory,
  type PriorityAssessment,
  type PriorityFacts,
  type PriorityInput,
  type PriorityOffence,
  RULE_SETS,
  type RuleSetId,
} from "./domain/priority-levels.js";
export {
  FINISHED_BOOKING_STATES,
  messageCutoff,
  printsDecision,
  RETENTION_REPOSITORIES,
  type RetentionChange,
  type RetentionPolicies,
  type RetentionRepository,
  retentionChangeProblem,
  searchedRepositories,
} from "./domain/retention-rules.js";
export { type BookingSites, routeBySite, type SiteRoutingDecision } from "./domain/site-routing.js";
export {
  type NewSubmission,
  receiveSubmission,
  type SubmissionEvent,
  type SubmissionRouting,
  type SubmissionState,
  type SubmissionStatus,
  transitionSubmission,
} from "./domain/submission-workflow.js";
export {
  aggregateStatistics,
  type RejectedSubmission,
  type Statistics,
  type StatisticsCounts,
  type TransactionOutcome,
} from "./domain/transaction-statistics.js";
export {
  type EnrolmentRecord,
  EnrolmentRejection,
  type PrintReference,
  readEnrolmentRecord,
} from "./enrolment/enrolment-record.js";
export {
  countEnrolmentRecords,
  type EnrolmentCandidate,
  type EnrolmentItem,
  type EnrolmentReject,
  listEnrolmentFiles,
  readEnrolmentItems,
} from "./enrolment/enrolment-sources.js";
export {
  type EnrolmentCounts,
  type EnrolmentWriter,
  enrolmentWriter,
  enrolRepository,
  fingersOf,
  type RepositoryEnrolmentOptions,
} from "./enrolment/repository-enrolment.js";
export { clusterStatus, type RepositoryStatus } from "./farm/cluster-status.js";
export { appendGalleryEvents, EnrolmentLogPublisher } from "./farm/enrolment-log.js";
export { type TrimOutcome, trimEnrolmentLog } from "./farm/enrolment-log-trim.js";
export { ExtractionService } from "./farm/extraction-service.js";
export { connectFarm, FarmConnectionError, parseShardCounts } from "./farm/farm-connection.js";
export { farmNames, parseShard, type ShardSpec, shardOf } from "./farm/farm-names.js";
export { FARM_PARAMETERS } from "./farm/farm-parameters.js";
export { FarmRepository } from "./farm/farm-repository.js";
export { FarmSearch, FarmSearchError, type FarmSearchResult } from "./farm/farm-search.js";
export { type MatcherStatus, ShardMatcher } from "./farm/shard-matcher.js";
export type {
  AccountabilityReport,
  DisparitySignal,
  FalseMatches,
  HoldOverrun,
} from "./reports/accountability-report.js";
export type {
  Figures,
  JurisdictionLine,
  MonthlyReport,
  StateSection,
  TrendPoint,
} from "./reports/monthly-report.js";
export {
  REPORT_FORMATS,
  type RenderedReport,
  type ReportFormat,
  renderReport,
} from "./reports/report-formats.js";
export { PdfRenderError } from "./reports/report-pdf.js";
export {
  type AccountabilityRequest,
  type MonthlyRequest,
  monthBounds,
  monthsBetween,
  produceAccountabilityReport,
  produceMonthlyReport,
  ReportRequestError,
} from "./reports/report-production.js";
export type { GroundTruth } from "./reports/report-rows.js";
export { ArrestEnrolment, establishedFbiNumber } from "./services/arrest-enrolment.js";
export {
  type BiometricRepository,
  type EnrolledSubject,
  galleryRepository,
} from "./services/biometric-repository.js";
export {
  DeploymentPlanService,
  type FacilityPoint,
  type PlanEntry,
  type StateScope,
} from "./services/deployment-plan-service.js";
export {
  DETAINER_ACTIONS_BY_ROLE,
  type DetainerAction,
  type DetainerActionType,
  type DetainerCaller,
  DetainerService,
  type DetainerServiceOptions,
  type EroReviewItem,
} from "./services/detainer-service.js";
export { directoryRouting } from "./services/directory-routing.js";
export {
  type DirectoryImportReport,
  type DirectorySource,
  directoryCsv,
  directoryJson,
  exportDirectory,
  importDirectory,
} from "./services/directory-transfer.js";
export { applyEffects, type EffectActor, messageId } from "./services/effect-application.js";
export {
  type AuditCheckpointOptions,
  type HubFarmOptions,
  HubRuntime,
  type HubRuntimeOptions,
} from "./services/hub-runtime.js";
export { IaqStep } from "./services/iaq-step.js";
export {
  type Caller,
  type LescDecisionInput,
  type LescQueueView,
  LescService,
  type LescServiceOptions,
} from "./services/lesc-service.js";
export {
  type DeliveryCounts,
  MessageDeliverer,
  type MessageDelivererOptions,
  type WebhookDelivery,
  webhookDelivery,
} from "./services/message-deliverer.js";
export { ExtractionPool } from "./services/probe-extraction-pool.js";
export { type ProbeImage, ProbeImageError } from "./services/probe-image.js";
export { enrolledAmong, eraseIdentity } from "./services/record-erasure.js";
export {
  changedFields,
  type GalleryMirror,
  type RecordCorrection,
  RecordRedress,
  RedressInputError,
  type RedressOrder,
  type RedressOutcome,
} from "./services/record-redress.js";
export {
  type PurgeOptions,
  type PurgeReport,
  purgeExpired,
  RETAINED_MESSAGE_TYPES,
  type RetentionActor,
  retentionPolicies,
  setRetentionPolicy,
} from "./services/retention-purge.js";
export { ConflictError, ForbiddenError, NotFoundError, ServiceError } from "./services/service-error.js";
export { SERVICE_PARAMETERS } from "./services/service-parameters.js";
export {
  type EnrolmentBatchItem,
  type HubRepository,
  StoredBiometricRepository,
} from "./services/stored-repository.js";
export { asSubjectRecord, type SubjectRecord } from "./services/subject-record.js";
export { ProbeCache, probeFromSubmission, probeImages } from "./services/submission-probe.js";
export {
  type RoutingDecision,
  type RoutingResolver,
  SubmissionService,
  type SubmissionServiceOptions,
  type SubmitOptions,
  type SubmitResult,
} from "./services/submission-service.js";
export { SubmissionWorker, type SubmissionWorkerOptions } from "./services/submission-worker.js";
export {
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
  type WebhookSignatureCheck,
} from "./services/webhook-signature.js";
export {
  type AddressLookup,
  checkWebhookTarget,
  refusedAddress,
  WEBHOOK_TARGET_ENV,
  WebhookTargetError,
  type WebhookTargetPolicy,
  webhookTargetPolicy,
  webhookTargetPolicyFromEnv,
} from "./services/webhook-target-policy.js";
export {
  JobError,
  type JobHandler,
  WorkflowWorker,
  type WorkflowWorkerOptions,
  type WorkOutcome,
} from "./services/workflow-worker.js";
export {
  SimulationOptionError,
  type SimulationOptions,
  type SimulationSummary,
  simulateYear,
} from "./simulation/simulated-year.js";
export { type SimulationTemplates, synthTemplates } from "./simulation/simulation-templates.js";
export {
  type ApiKeyIdentity,
  type ApiKeyRecord,
  type ApiKeyStore,
  hashApiKey,
} from "./storage/api-key-store.js";
export {
  type AuditChainProblem,
  type AuditChainVerification,
  verifyAuditChain,
} from "./storage/audit-chain-verification.js";
export {
  AUDIT_CHECKPOINT_ENV,
  type AuditCheckpoint,
  type AuditCheckpointProblem,
  type AuditCheckpointVerification,
  auditSigningKeyFromEnv,
  DEMO_AUDIT_FILES,
  demoAuditSigningKey,
  generateAuditSigningKey,
  signCheckpoint,
  verifyAuditCheckpoints,
  writeAuditCheckpoint,
} from "./storage/audit-checkpoints.js";
export {
  type AuditEvent,
  type AuditEventInput,
  type AuditLog,
  type AuditQuery,
  auditEventHash,
  GENESIS_HASH,
} from "./storage/audit-log.js";
export { BACKUP_SOCKET, backupSocketPath, requestBackup } from "./storage/backup-socket.js";
export { canonicalJson } from "./storage/canonical-json.js";
export type { AgencyContact, HubDatabase } from "./storage/database-schema.js";
export type {
  DetainerListFilter,
  DetainerRepository,
  NewDetainerRecord,
  StoredDetainer,
} from "./storage/detainer-repository.js";
export type {
  AgencyRecord,
  DirectoryRepository,
  JurisdictionRecord,
  SibAgreementRecord,
} from "./storage/directory-repository.js";
export {
  createEnvelopeCipher,
  EncryptionError,
  type EnvelopeCipher,
  type MasterKey,
  PLAINTEXT_CIPHER,
} from "./storage/envelope-cipher.js";
export type { GalleryTemplate, GalleryTemplateStore } from "./storage/gallery-template-store.js";
export {
  BACKUP_FORMAT,
  type BackupManifest,
  createEmbeddedBackup,
  type RestoreResult,
  readBackupManifest,
  restoreEmbeddedBackup,
} from "./storage/hub-backup.js";
export {
  createHubStorage,
  type HubStorage,
  runTransition,
  type StorageOptions,
  type TransitionOptions,
} from "./storage/hub-storage.js";
export { type RotationResult, rotateMasterKey } from "./storage/key-rotation.js";
export type { LescReview, LescReviewRepository, NewLescReview } from "./storage/lesc-review-repository.js";
export {
  DEMO_MASTER_KEY_FILE,
  demoMasterKey,
  generateMasterKeyFile,
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
  embeddedHandle,
  type HubDatabaseHandle,
  openHubDatabase,
} from "./storage/open-database.js";
export {
  type ClaimOptions,
  DEFAULT_DELIVERY_RETRY,
  type MessageStatus,
  type NewOutboxMessage,
  type OutboxMessage,
  type OutboxRepository,
  type RecipientListOptions,
  type RetryPolicy,
} from "./storage/outbox-repository.js";
export { PGliteDialect } from "./storage/pglite-dialect.js";
export {
  type RecordTombstone,
  RecordTombstoneStore,
  type RedressAction,
} from "./storage/record-tombstone-store.js";
export { ConcurrentUpdateError, StorageError } from "./storage/storage-error.js";
export type { RepositoryName, SubjectRecordStore } from "./storage/subject-record-store.js";
export type {
  NewTransaction,
  StoredTransaction,
  TransactionListFilter,
  TransactionRepository,
  TransactionUpdate,
} from "./storage/transaction-repository.js";
export type { Webhook, WebhookStore } from "./storage/webhook-store.js";
export {
  DEFAULT_JOB_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  type Job,
  type JobBackoff,
  type JobClaim,
  type JobStatus,
  type NewJob,
  type WorkQueue,
} from "./storage/work-queue.js";
