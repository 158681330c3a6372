import type { components, paths } from "./schema.gen.js";

/** Names for the generated schemas the console uses most; everything else is read from `paths`. */
export type Schemas = components["schemas"];
export type ApiPaths = paths;
export type Transaction = Schemas["Transaction"];
export type TransactionSummary = Schemas["TransactionSummary"];
export type Message = Schemas["Message"];
export type LescCase = Schemas["LescCase"];
export type CaseComparison = Schemas["CaseComparison"];
export type FingerComparison = CaseComparison["fingers"][number];
export type ComparedTemplate = NonNullable<FingerComparison["booking"]>;
export type CaseBooking = Schemas["CaseBooking"];
export type ImmigrationRecord = Schemas["ImmigrationRecord"];
export type PersonName = Schemas["PersonName"];
export type LescProposal = Schemas["LescProposal"];
export type LescDetermination = Schemas["LescDetermination"];
export type ApiErrorBody = Schemas["Error"];

type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;

export type Me = JsonOf<paths["/v1/me"]["get"]["responses"][200]>;
export type LescQueuePage = JsonOf<paths["/v1/lesc/queue"]["get"]["responses"][200]>;
export type LescQueueItem = LescQueuePage["items"][number];
export type TransactionPage = JsonOf<paths["/v1/transactions"]["get"]["responses"][200]>;
export type DemoCredentials = JsonOf<paths["/demo/credentials"]["get"]["responses"][200]>;
export type SubmissionAccepted = JsonOf<paths["/v1/transactions"]["post"]["responses"][202]>;
export type SubmissionRejected = JsonOf<paths["/v1/transactions"]["post"]["responses"][422]>;
export type ImmigrationStatusCode = LescProposal["status"];
export type Detainer = Schemas["Detainer"];
export type Jurisdiction = Schemas["Jurisdiction"];
export type AuditEvent = Schemas["AuditEvent"];
export type EroReviewPage = JsonOf<paths["/v1/ero/reviews"]["get"]["responses"][200]>;
export type EroReview = NonNullable<EroReviewPage["items"]>[number];
export type JurisdictionDetail = JsonOf<paths["/v1/jurisdictions/{ori}"]["get"]["responses"][200]>;
export type AuditPage = JsonOf<paths["/v1/audit"]["get"]["responses"][200]>;
export type AuditVerification = JsonOf<paths["/v1/audit/verify"]["get"]["responses"][200]>;
export type Statistics = JsonOf<paths["/v1/stats"]["get"]["responses"][200]>;
