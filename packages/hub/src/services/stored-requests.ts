import { type Booking, type NistTransaction, parseTransaction, readBooking } from "@tenprint/nist";
import type { HubStorage } from "../storage/hub-storage.js";

/**
 * A booking's stored request, read, opened and parsed once for the steps that follow one another on it
 * (its criminal search, its IDENT search, its arrest enrolment) instead of once per step. A stored request
 * never changes, so a cached one is what a read would give; the cache keeps only the last few bookings,
 * since their steps run close together. Share one instance between the handlers of a booking's steps.
 */
export class StoredRequests {
  readonly #parsed = new Map<string, NistTransaction>();
  readonly #capacity: number;

  constructor(capacity = 16) {
    this.#capacity = capacity;
  }

  /** The parsed request of transaction `id`, or undefined when it has none stored. */
  async read(storage: HubStorage, id: string): Promise<NistTransaction | undefined> {
    const known = this.#parsed.get(id);
    if (known) return known;
    const bytes = await storage.transactions.getRequest(id);
    if (!bytes) return undefined;
    const request = parseTransaction(bytes);
    this.#parsed.set(id, request);
    // Maps keep insertion order: the first key is the oldest entry.
    if (this.#parsed.size > this.#capacity) this.#parsed.delete(this.#parsed.keys().next().value!);
    return request;
  }

  /**
   * Keeps `request` as transaction `id`'s parsed request, for a caller that submitted those very bytes
   * and parsed them itself (a simulation): parsing the stored copy would give the same transaction.
   */
  remember(id: string, request: NistTransaction): void {
    this.#parsed.set(id, request);
    if (this.#parsed.size > this.#capacity) this.#parsed.delete(this.#parsed.keys().next().value!);
  }

  /** Forgets a booking's request (its last step has run). */
  forget(id: string): void {
    this.#parsed.delete(id);
  }
}

const bookings = new WeakMap<NistTransaction, Booking>();

/**
 * `readBooking(request)` (which validates the whole file), read once per parsed request: a booking's
 * searches, responses and enrolment read the same parsed request (StoredRequests), which nothing changes.
 */
export function storedBooking(request: NistTransaction): Booking {
  let booking = bookings.get(request);
  if (!booking) {
    booking = readBooking(request);
    bookings.set(request, booking);
  }
  return booking;
}
