import { type EnrolledFinger, writeTenprintTemplate } from "@tenprint/afis";
import type { Kysely } from "kysely";
import { appendGalleryEvents, type EnrolmentLogPublisher } from "../farm/enrolment-log.js";
import { enrolEvent } from "../farm/gallery-event.js";
import type { HubDatabase } from "../storage/database-schema.js";
import type { EnrolledPrint } from "../storage/enrolled-print-store.js";
import { runTransition } from "../storage/hub-storage.js";
import type { RecordTombstone } from "../storage/record-tombstone-store.js";
import type { RepositoryName } from "../storage/subject-record-store.js";
import { eraseIdentity } from "./record-erasure.js";
import { ConflictError, NotFoundError, ServiceError } from "./service-error.js";
import { asSubjectRecord, type SubjectRecord } from "./subject-record.js";

/** Who acts, on whose order, and why: all of it kept in the tombstone and the audit log. */
export interface RedressOrder {
  /** The person or key acting (`key:<id>`, `cli:<user>`). */
  readonly actor: string;
  readonly actorOri: string;
  readonly reason: string;
  /** Who ordered it: "Circuit Court of Fairfax County", "DHS TRIP", … */
  readonly authority: string;
  /** The order's docket number, the redress case number. */
  readonly reference: string;
}

/** A correction: a replacement record, replacement prints, or both (what is absent stays as it is). */
export interface RecordCorrection {
  readonly record?: SubjectRecord;
  readonly fingers?: readonly EnrolledFinger[];
  /** Images of the replacement prints, for analysts; replaced prints' images are always removed. */
  readonly prints?: readonly EnrolledPrint[];
}

/** An in-process gallery that must forget or relearn an identity once its change has committed. */
export interface GalleryMirror {
  forget(identity: string): void;
  replace(identity: string, fingers: readonly EnrolledFinger[]): Promise<void>;
}

export interface RedressOutcome {
  readonly tombstone: RecordTombstone;
  /**
   * Farm stream messages still carrying the old templates: not erased because no NATS connection was
   * given (the hub publishes the deletion; `tenprint record … --nats` erases them) or because erasing failed.
   */
  readonly streamMessagesLeft: number;
}

export class RedressInputError extends ServiceError {
  override name = "RedressInputError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RecordRedressOptions {
  readonly clock?: () => Date;
  /** The farm's enrolment log, when the hub runs one: publishes the change and erases old messages. */
  readonly log?: EnrolmentLogPublisher;
  readonly mirrors?: Partial<Record<RepositoryName, GalleryMirror>>;
  /** Purpose recorded on the audit events. */
  readonly purpose?: string;
}

const ORDER_FIELDS = ["actor", "actorOri", "reason", "authority", "reference"] as const;

/**
 * Expungement (a court order removes a record) and correction (redress: a record found wrong is
 * replaced). Either commits in one transaction the repository's rows, the farm's enrolment-log event, a
 * tombstone and an audit event, then updates the in-process gallery and publishes to the farm; searches
 * also drop expunged identities from their answers (`withoutExpunged`), so a process whose gallery has
 * not heard of it yet never answers one.
 */
export class RecordRedress {
  readonly #db: Kysely<HubDatabase>;
  readonly #options: RecordRedressOptions;

  constructor(db: Kysely<HubDatabase>, options: RecordRedressOptions = {}) {
    this.#db = db;
    this.#options = options;
  }

  async expunge(repository: RepositoryName, identity: string, order: RedressOrder): Promise<RedressOutcome> {
    checkOrder(order);
    const at = this.#now();
    const { tombstone, erased } = await runTransition(this.#db, async (tx, trx) => {
      const previous = await tx.tombstones.forIdentity(repository, identity);
      const expunged = previous.find((row) => row.action === "EXPUNGED");
      if (expunged)
        throw new ConflictError(
          `record:${repository}/${identity}`,
          `${repository} record ${identity} was expunged on ${expunged.at.toISOString()} (${expunged.authority}, ${expunged.reference})`,
        );
      const erased = await eraseIdentity(trx, repository, identity);
      if (!erased.found) throw new NotFoundError(`record:${repository}/${identity}`);
      if (erased.logged || this.#options.log)
        await appendGalleryEvents(trx, repository, [{ kind: "delete", identity }]);
      const tombstone = await tx.tombstones.add({
        repository,
        identity,
        action: "EXPUNGED",
        ...orderFields(order),
        changed: [],
        at,
      });
      await tx.audit.append({
        actor: order.actor,
        ori: order.actorOri,
        purpose: this.#options.purpose ?? "record expungement",
        action: "RECORD_EXPUNGED",
        object: `record:${repository}/${identity}`,
        details: {
          repository,
          identity,
          tombstone: tombstone.id,
          authority: order.authority,
          reference: order.reference,
        },
      });
      return { tombstone, erased };
    });
    this.#options.mirrors?.[repository]?.forget(identity);
    return { tombstone, streamMessagesLeft: await this.#publish(repository, erased.streamSequences) };
  }

  async correct(
    repository: RepositoryName,
    identity: string,
    correction: RecordCorrection,
    order: RedressOrder,
  ): Promise<RedressOutcome> {
    checkOrder(order);
    const { record, fingers } = correction;
    if (!record && !fingers)
      throw new RedressInputError("correction", "a correction needs a record, prints or both");
    if (record && record.identity !== identity)
      throw new RedressInputError(
        "record.identity",
        `the corrected record names ${record.identity}, not ${identity}: an identity is never renamed, expunge and enrol instead`,
      );
    if (fingers && fingers.length === 0)
      throw new RedressInputError("prints", "replacement prints are empty");
    const at = this.#now();
    const { tombstone, erased } = await runTransition(this.#db, async (tx, trx) => {
      const previous = await tx.tombstones.forIdentity(repository, identity);
      if (previous.some((row) => row.action === "EXPUNGED"))
        throw new NotFoundError(
          `record:${repository}/${identity}`,
          `${repository} record ${identity} was expunged`,
        );
      const old = asSubjectRecord(await tx.subjects.get(repository, identity));
      if (!old) throw new NotFoundError(`record:${repository}/${identity}`);
      const changed: string[] = record ? changedFields(old, record) : [];
      let erased = { logged: false, streamSequences: [] as readonly number[] };
      if (fingers) {
        changed.push("prints");
        erased = await eraseIdentity(trx, repository, identity, { keepRecord: true });
        await tx.gallery.put(
          repository,
          fingers.map((finger) => ({
            identity,
            position: finger.position,
            template: writeTenprintTemplate(finger.template),
          })),
        );
        if (correction.prints) await tx.enrolledPrints.put(repository, identity, correction.prints);
        if (erased.logged || this.#options.log)
          await appendGalleryEvents(trx, repository, [enrolEvent(identity, fingers)]);
      }
      if (record) await tx.subjects.put(repository, identity, { ...record });
      const tombstone = await tx.tombstones.add({
        repository,
        identity,
        action: "CORRECTED",
        ...orderFields(order),
        changed,
        at,
      });
      await tx.audit.append({
        actor: order.actor,
        ori: order.actorOri,
        purpose: this.#options.purpose ?? "record redress",
        action: "RECORD_CORRECTED",
        object: `record:${repository}/${identity}`,
        details: {
          repository,
          identity,
          tombstone: tombstone.id,
          changed,
          authority: order.authority,
          reference: order.reference,
        },
      });
      return { tombstone, erased };
    });
    if (fingers) await this.#options.mirrors?.[repository]?.replace(identity, fingers);
    return { tombstone, streamMessagesLeft: await this.#publish(repository, erased.streamSequences) };
  }

  /** Publishes the committed change, then erases the old enrolment messages (after: never a gap). */
  async #publish(repository: RepositoryName, sequences: readonly number[]): Promise<number> {
    const log = this.#options.log;
    if (!log) return sequences.length;
    try {
      await log.publishPending(repository);
      return await log.erase(repository, sequences);
    } catch {
      // Committed: the runtime's loop publishes the deletion; the old messages stay until erased by hand.
      return sequences.length;
    }
  }

  #now(): Date {
    return (this.#options.clock ?? (() => new Date()))();
  }
}

function checkOrder(order: RedressOrder): void {
  for (const field of ORDER_FIELDS)
    if (typeof order[field] !== "string" || order[field].trim() === "")
      throw new RedressInputError(
        field,
        `${field} is required: an expungement or correction says who, why and on whose order`,
      );
}

function orderFields(order: RedressOrder) {
  return {
    reason: order.reason.trim(),
    authority: order.authority.trim(),
    reference: order.reference.trim(),
    actor: order.actor,
    actorOri: order.actorOri,
  };
}

/** Top-level fields whose value differs (names only: the tombstone keeps no record content). */
export function changedFields(before: SubjectRecord, after: SubjectRecord): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed: string[] = [];
  for (const key of [...keys].sort()) {
    const a = JSON.stringify((before as unknown as Record<string, unknown>)[key]);
    const b = JSON.stringify((after as unknown as Record<string, unknown>)[key]);
    if (a !== b) changed.push(key);
  }
  return changed;
}
