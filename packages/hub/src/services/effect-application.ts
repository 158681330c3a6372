import type { Effect, MessageType } from "../domain/domain-effects.js";
import type { HubStorage } from "../storage/hub-storage.js";
import { deterministicId } from "./deterministic-id.js";

/** Who causes the effects and on which stored transaction; audit events carry actor, ORI and purpose. */
export interface EffectActor {
  readonly actor: string;
  readonly ori: string;
  readonly purpose?: string;
  /** The stored transaction the messages belong to; null for a file rejected before one existed. */
  readonly transactionId: string | null;
  /** Key for message ids when there is no stored transaction (e.g. the hash of an unreadable file). */
  readonly subjectKey?: string;
  /** Rendered EBTS files by message type, stored beside the JSON content. */
  readonly payloads?: Partial<Record<MessageType, Uint8Array>>;
}

/** Id of a message: one per transaction, type and recipient (the IAR goes to two ORIs). */
export function messageId(actor: EffectActor, type: string, recipientOri: string): string {
  const key = actor.transactionId ?? actor.subjectKey;
  if (key === undefined) throw new Error("a message needs a transactionId or a subjectKey for its id");
  return deterministicId("message", key, type, recipientOri);
}

/**
 * The one place where domain effects become storage writes. Call it inside `runTransition` so the
 * messages, audit events and jobs commit with the state; every write is idempotent, so a retried
 * transition stores each effect once.
 */
export async function applyEffects(
  storage: HubStorage,
  effects: readonly Effect[],
  actor: EffectActor,
): Promise<void> {
  for (const effect of effects) {
    switch (effect.kind) {
      case "message":
        await storage.outbox.enqueue({
          id: messageId(actor, effect.type, effect.to),
          transactionId: actor.transactionId,
          type: effect.type,
          recipientOri: effect.to,
          suppressed: effect.delivery === "suppressed",
          payload: actor.payloads?.[effect.type] ?? null,
          payloadJson: { ...effect.content },
        });
        break;
      case "audit":
        await storage.audit.append({
          actor: actor.actor,
          ori: actor.ori,
          purpose: actor.purpose ?? null,
          action: effect.action,
          object: effect.object,
          details: { ...effect.detail },
        });
        break;
      case "work":
        await storage.queue.enqueue({
          kind: effect.work,
          payload: { object: effect.object, transactionId: actor.transactionId },
          ...(effect.notBefore === undefined ? {} : { runAt: new Date(effect.notBefore) }),
          dedupeKey: `${effect.object}:${effect.work}`,
        });
        break;
    }
  }
}
