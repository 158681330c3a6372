/** Delay before attempt `attempts + 1`: base · 2^(attempts − 1), capped, so a failing peer is not hammered. */
export function backoffDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
