import { type EnrolledFinger, readTenprintTemplate } from "@tenprint/afis";
import type { Kysely } from "kysely";
import { appendGalleryEvents, type EnrolmentLogPublisher } from "../farm/enrolment-log.js";
import { enrolEvent } from "../farm/gallery-event.js";
import type { ExtractionPool } from "../services/probe-extraction-pool.js";
import { enrolledAmong } from "../services/record-erasure.js";
import { type EnrolmentBatchItem, writeEnrolments } from "../services/stored-repository.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage, runTransition } from "../storage/hub-storage.js";
import type { RepositoryName } from "../storage/subject-record-store.js";
import type { EnrolmentCandidate, EnrolmentItem, EnrolmentReject } from "./enrolment-sources.js";

export type EnrolmentWriter = (items: readonly EnrolmentBatchItem[]) => Promise<void>;

/**
 * Writes a batch of enrolments in one transaction: records, templates, images, and, for a deployment
 * with a matcher farm, the enrolment-log events (the path every enrolment takes, decision 0011). With a
 * publisher the events are published at once; without one the hub's loop publishes them.
 */
export function enrolmentWriter(
  db: Kysely<HubDatabase>,
  repository: RepositoryName,
  farm?: { readonly publisher?: EnrolmentLogPublisher },
): EnrolmentWriter {
  return async (items) => {
    await runTransition(db, async (tx, trx) => {
      await writeEnrolments(tx, repository, items);
      if (farm)
        await appendGalleryEvents(
          trx,
          repository,
          items.map(({ record, fingers }) => enrolEvent(record.identity, fingers)),
        );
    });
    // Committed: a publishing failure leaves the events to the next round (the hub's loop).
    await farm?.publisher?.publishPending(repository).catch(() => {});
  };
}

export interface EnrolmentCounts {
  /** Records read so far (enrolled, skipped or rejected). */
  read: number;
  enrolled: number;
  /** Already in the repository (an earlier run, or an interrupted one): left as they are. */
  alreadyEnrolled: number;
  rejected: number;
  /** Fingers extracted from images (EBTS files) and read from templates. */
  extractedFingers: number;
  templateFingers: number;
}

export interface RepositoryEnrolmentOptions {
  readonly db: Kysely<HubDatabase>;
  readonly repository: RepositoryName;
  readonly write: EnrolmentWriter;
  /** Extraction threads for EBTS images (all cores, by the caller's choice), asked for when first needed. */
  readonly extraction?: () => ExtractionPool;
  /** Records per database transaction: an interruption loses at most the batch in flight. */
  readonly batchSize?: number;
  readonly onReject?: (reject: EnrolmentReject) => void;
  readonly onProgress?: (counts: Readonly<EnrolmentCounts>) => void;
}

/**
 * Bulk enrolment. Idempotent and resumable by record identifier: a record whose identity the repository
 * holds is skipped, so a run killed midway and run again enrols what is missing and nothing twice.
 * A record is enrolled whole or not at all: any unreadable template or image rejects it (with where),
 * as does an identity expunged by court order or given twice.
 */
export async function enrolRepository(
  items: AsyncIterable<EnrolmentItem>,
  options: RepositoryEnrolmentOptions,
): Promise<EnrolmentCounts> {
  const counts: EnrolmentCounts = {
    read: 0,
    enrolled: 0,
    alreadyEnrolled: 0,
    rejected: 0,
    extractedFingers: 0,
    templateFingers: 0,
  };
  const batchSize = options.batchSize ?? 100;
  const seen = new Map<string, string>();
  const rejectItem = (reject: EnrolmentReject) => {
    counts.rejected++;
    options.onReject?.(reject);
  };
  let batch: EnrolmentCandidate[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const taken = batch;
    batch = [];
    await enrolBatch(taken, options, counts, rejectItem);
    options.onProgress?.(counts);
  };
  for await (const item of items) {
    counts.read++;
    if (item.kind === "reject") {
      rejectItem(item);
      continue;
    }
    const identity = item.record.identity;
    const first = seen.get(identity);
    if (first !== undefined) {
      rejectItem({
        kind: "reject",
        path: item.source,
        recordId: identity,
        location: "$.identity",
        reason: `identity ${identity} is given twice in this run (first in ${first})`,
      });
      continue;
    }
    seen.set(identity, item.source);
    batch.push(item);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return counts;
}

async function enrolBatch(
  batch: readonly EnrolmentCandidate[],
  options: RepositoryEnrolmentOptions,
  counts: EnrolmentCounts,
  reject: (reject: EnrolmentReject) => void,
): Promise<void> {
  const identities = batch.map((candidate) => candidate.record.identity);
  const [present, expunged] = await Promise.all([
    enrolledAmong(options.db, options.repository, identities),
    createHubStorage(options.db).tombstones.expungedAmong(options.repository, identities),
  ]);
  const pending: EnrolmentCandidate[] = [];
  for (const candidate of batch) {
    const identity = candidate.record.identity;
    if (expunged.has(identity))
      reject({
        kind: "reject",
        path: candidate.source,
        recordId: identity,
        location: "$.identity",
        reason: `${options.repository} record ${identity} was expunged: it is never enrolled again (record_tombstones)`,
      });
    else if (present.has(identity)) counts.alreadyEnrolled++;
    else pending.push(candidate);
  }
  // Every image of the batch at once: the pool spreads them over its threads.
  const settled = await Promise.allSettled(
    pending.map((candidate) => fingersOf(candidate, options.extraction)),
  );
  const items: EnrolmentBatchItem[] = [];
  settled.forEach((outcome, i) => {
    const candidate = pending[i]!;
    if (outcome.status === "rejected") {
      const message = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      const finger = /finger (\d+)/.exec(message)?.[1];
      reject({
        kind: "reject",
        path: candidate.source,
        recordId: candidate.record.identity,
        location: finger ? `Type-14 finger position ${finger}` : "images",
        reason: message.replace(/^probe extraction: /, ""),
      });
      return;
    }
    if (candidate.images) counts.extractedFingers += outcome.value.length;
    else counts.templateFingers += outcome.value.length;
    items.push({
      record: candidate.record,
      fingers: outcome.value,
      ...(candidate.prints && candidate.prints.length > 0 ? { prints: candidate.prints } : {}),
    });
  });
  if (items.length > 0) await options.write(items);
  counts.enrolled += items.length;
}

/** A candidate's fingers: its templates, or its images extracted on the pool. */
export async function fingersOf(
  candidate: EnrolmentCandidate,
  extraction: (() => ExtractionPool) | undefined,
): Promise<readonly EnrolledFinger[]> {
  if (candidate.fingers) return candidate.fingers;
  const images = candidate.images ?? [];
  if (images.length === 0) throw new Error("the record has no prints");
  if (!extraction) throw new Error("images to extract, but no extraction threads were given");
  const extracted = await extraction().extract(images);
  return extracted.map(({ position, bytes }) => ({ position, template: readTenprintTemplate(bytes) }));
}
