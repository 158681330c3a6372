import type { Kysely } from "kysely";
import { auditEventFromRow, auditEventHash, GENESIS_HASH } from "./audit-log.js";
import type { HubDatabase } from "./database-schema.js";

export type AuditChainProblem =
  /** The event's content no longer produces its stored hash. */
  | "altered"
  /** The event does not point at the hash of the event before it. */
  | "broken-link"
  /** One or more sequence numbers are missing before this event. */
  | "removed"
  /** The chain ends before (or after) the recorded head. */
  | "head-mismatch";

export type AuditChainVerification =
  | { ok: true; events: number; headSeq: number; headHash: string }
  | { ok: false; events: number; seq: number; problem: AuditChainProblem; message: string };

const BATCH = 2000;

/** Walks the whole chain in seq order and reports the first event that does not fit. */
export async function verifyAuditChain(db: Kysely<HubDatabase>): Promise<AuditChainVerification> {
  const head = await db
    .selectFrom("audit_head")
    .select(["seq", "hash"])
    .where("id", "=", 1)
    .executeTakeFirst();
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let events = 0;
  for (;;) {
    const rows = await db
      .selectFrom("audit_events")
      .selectAll()
      .where("seq", ">", prevSeq)
      .orderBy("seq")
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      const event = auditEventFromRow(row);
      events++;
      const fail = (problem: AuditChainProblem, message: string): AuditChainVerification => ({
        ok: false,
        events,
        seq: event.seq,
        problem,
        message: `audit event ${event.seq}: ${message}`,
      });
      if (event.seq !== prevSeq + 1) {
        const missing = event.seq - prevSeq - 1 === 1 ? `${prevSeq + 1}` : `${prevSeq + 1}–${event.seq - 1}`;
        return fail("removed", `event(s) ${missing} missing before it`);
      }
      if (event.prevHash !== prevHash)
        return fail(
          "broken-link",
          `prev_hash ${event.prevHash} does not match the hash of event ${prevSeq} (${prevHash})`,
        );
      const expected = auditEventHash(prevHash, event);
      if (event.hash !== expected)
        return fail(
          "altered",
          `content does not match its hash (recomputed ${expected}, stored ${event.hash})`,
        );
      prevSeq = event.seq;
      prevHash = event.hash;
    }
    if (rows.length < BATCH) break;
  }
  const headSeq = head ? Number(head.seq) : 0;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (headSeq !== prevSeq || headHash !== prevHash) {
    return {
      ok: false,
      events,
      seq: Math.min(prevSeq, headSeq) + 1,
      problem: "head-mismatch",
      message:
        headSeq > prevSeq
          ? `audit chain ends at event ${prevSeq} but the head records ${headSeq}: events ${prevSeq + 1}–${headSeq} removed`
          : `audit chain ends at event ${prevSeq} (${prevHash}) but the head records ${headSeq} (${headHash})`,
    };
  }
  return { ok: true, events, headSeq, headHash };
}
