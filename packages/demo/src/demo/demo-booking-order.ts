import type { Booking } from "@tenprint/synth";

/**
 * A booking whose person IDENT holds, in an activated county, booked for the first time in the stream:
 * IDENT will match them, and an IAQ, an LESC case and an ERO review follow.
 */
export function willMatchInIdent(booking: Booking): boolean {
  return (
    booking.truth.inIdent &&
    booking.truth.jurisdictionActivated &&
    booking.truth.earlierBookingsInStream === 0
  );
}

/**
 * The demo's order of the synthetic stream: of its first `lookahead` bookings, the people IDENT will match
 * come first, every other booking, so that each role has work within minutes of `npm start` (in stream
 * order the first such booking is about the 80th); then the rest of those bookings and the stream after
 * them, in stream order. Deterministic, so a restart skips the bookings already submitted by count. A
 * person's re-arrest never comes before their first booking: only first bookings move, and only forward.
 */
export function* demoBookingOrder(
  stream: Iterator<Booking, unknown>,
  lookahead: number,
): Generator<Booking, never, undefined> {
  const head: Booking[] = [];
  for (let i = 0; i < lookahead; i++) {
    const next = stream.next();
    if (next.done) break;
    head.push(next.value);
  }
  const early = head.filter(willMatchInIdent);
  const others = head.filter((booking) => !willMatchInIdent(booking));
  for (let i = 0; i < Math.max(early.length, others.length); i++) {
    const match = early[i];
    if (match) yield match;
    const other = others[i];
    if (other) yield other;
  }
  for (;;) {
    const next = stream.next();
    if (next.done) throw new Error("the synthetic booking stream ended; it is endless by contract");
    yield next.value;
  }
}
