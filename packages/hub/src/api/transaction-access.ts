import type { OutboxMessage } from "../storage/outbox-repository.js";
import type { StoredTransaction } from "../storage/transaction-repository.js";
import { type Caller, OVERSIGHT_ROLES } from "./api-caller.js";

/**
 * Who may see which booking and which of its messages. An LEA or SIB sees the bookings it submitted or
 * that name it as booking agency, and only the messages addressed to it; CJIS, IDENT and auditors see
 * every booking and that each of its messages exists (type, recipient, status). A message's content is
 * for its recipient and for auditors only — the same rule `GET /v1/messages/{id}` applies — and a message
 * withheld by the recipient's own receipt preference is shown to the recipient as withheld, without
 * content (packages/hub/docs/api.md, "Messages and oversight").
 */
export function seesAllBookings(caller: Caller): boolean {
  return OVERSIGHT_ROLES.includes(caller.role);
}

export function leaOriOf(transaction: StoredTransaction): string | null {
  const lea = transaction.stateData.leaOri;
  return typeof lea === "string" ? lea : null;
}

export function mayReadTransaction(caller: Caller, transaction: StoredTransaction): boolean {
  if (seesAllBookings(caller)) return true;
  if (caller.role !== "LEA" && caller.role !== "SIB") return false;
  return transaction.submitterOri === caller.ori || leaOriOf(transaction) === caller.ori;
}

/** Whether the caller may see the message at all (its existence, type and status). */
export function maySeeMessage(caller: Caller, message: OutboxMessage): boolean {
  return seesAllBookings(caller) || message.recipientOri === caller.ori;
}

/** Whether the caller may read the message's content and EBTS file, wherever the API shows it. */
export function mayReadMessageContent(caller: Caller, message: OutboxMessage): boolean {
  if (caller.role === "AUDITOR") return true;
  return message.recipientOri === caller.ori && message.status !== "suppressed";
}

export interface MessageView {
  id: string;
  transactionId: string | null;
  type: string;
  recipientOri: string;
  status: string;
  delivered: boolean;
  suppressed: boolean;
  createdAt: string;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  hasEbts: boolean;
  content: Record<string, unknown> | null;
}

export function messageView(message: OutboxMessage, withContent: boolean): MessageView {
  return {
    id: message.id,
    transactionId: message.transactionId,
    type: message.type,
    recipientOri: message.recipientOri,
    status: message.status,
    delivered: message.status === "delivered",
    suppressed: message.status === "suppressed",
    createdAt: message.createdAt.toISOString(),
    deliveredAt: message.deliveredAt?.toISOString() ?? null,
    acknowledgedAt: message.acknowledgedAt?.toISOString() ?? null,
    hasEbts: withContent && message.payload !== null,
    content: withContent ? message.payloadJson : null,
  };
}

export interface TransactionSummaryView {
  id: string;
  tcn: string;
  tot: string;
  state: string;
  submitterOri: string;
  leaOri: string | null;
  jurisdictionId: string | null;
  outcome: string | null;
  /** Why a FAILED booking failed. */
  failure: string | null;
  createdAt: string;
  updatedAt: string;
}

export function transactionSummary(transaction: StoredTransaction): TransactionSummaryView {
  const { outcome, failure } = transaction.stateData;
  return {
    id: transaction.id,
    tcn: transaction.tcn,
    tot: transaction.tot,
    state: transaction.state,
    submitterOri: transaction.submitterOri,
    leaOri: leaOriOf(transaction),
    jurisdictionId: transaction.jurisdictionId,
    outcome: typeof outcome === "string" ? outcome : null,
    failure: typeof failure === "string" ? failure : null,
    createdAt: transaction.createdAt.toISOString(),
    updatedAt: transaction.updatedAt.toISOString(),
  };
}

export function transactionView(
  caller: Caller,
  transaction: StoredTransaction,
  messages: readonly OutboxMessage[],
): TransactionSummaryView & { messages: MessageView[] } {
  return {
    ...transactionSummary(transaction),
    messages: messages
      .filter((message) => maySeeMessage(caller, message))
      .map((message) => messageView(message, mayReadMessageContent(caller, message))),
  };
}
