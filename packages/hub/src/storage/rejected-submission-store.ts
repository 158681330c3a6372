import type { Kysely } from "kysely";
import type { HubDatabase } from "./database-schema.js";

export interface RejectedSubmissionRecord {
  readonly submitterOri: string;
  readonly fileSha256: string;
  readonly jurisdictionId: string | null;
  readonly tcn: string | null;
  /** Error-severity problems the file had. */
  readonly problems: number;
  readonly errtMessageId: string;
  readonly receivedAt: Date;
}

/** Files answered with an ERRT, one per submitter and file: what the statistics' `errt` counts. */
export interface RejectedSubmissionStore {
  /** Stores the first rejection of a file by a submitter; false when it was recorded before. */
  record(rejection: RejectedSubmissionRecord): Promise<boolean>;
  list(submitterOri?: string): Promise<RejectedSubmissionRecord[]>;
}

export class PostgresRejectedSubmissionStore implements RejectedSubmissionStore {
  constructor(private readonly db: Kysely<HubDatabase>) {}

  async record(rejection: RejectedSubmissionRecord): Promise<boolean> {
    const inserted = await this.db
      .insertInto("rejected_submissions")
      .values({
        submitter_ori: rejection.submitterOri,
        file_sha256: rejection.fileSha256,
        jurisdiction_id: rejection.jurisdictionId,
        tcn: rejection.tcn,
        problems: rejection.problems,
        errt_message_id: rejection.errtMessageId,
        received_at: rejection.receivedAt,
      })
      .onConflict((conflict) => conflict.columns(["submitter_ori", "file_sha256"]).doNothing())
      .returning("file_sha256")
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async list(submitterOri?: string): Promise<RejectedSubmissionRecord[]> {
    let query = this.db.selectFrom("rejected_submissions").selectAll().orderBy("received_at");
    if (submitterOri !== undefined) query = query.where("submitter_ori", "=", submitterOri);
    const rows = await query.execute();
    return rows.map((row) => ({
      submitterOri: row.submitter_ori,
      fileSha256: row.file_sha256,
      jurisdictionId: row.jurisdiction_id,
      tcn: row.tcn,
      problems: row.problems,
      errtMessageId: row.errt_message_id,
      receivedAt: row.received_at,
    }));
  }
}
