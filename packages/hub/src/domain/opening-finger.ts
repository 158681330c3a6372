/**
 * The finger an LESC case opens on: the one with the most paired minutiae, where the evidence is easiest
 * to check (the first such finger on a tie). Undefined when no finger was compared. The hub renders this
 * finger's prints ahead of the console asking for them, so both must pick the same one.
 */
export function openingFinger(
  fingers: readonly { readonly position: number; readonly pairs: readonly unknown[] }[],
): number | undefined {
  let best: { position: number; pairs: number } | undefined;
  for (const finger of fingers)
    if (!best || finger.pairs.length > best.pairs)
      best = { position: finger.position, pairs: finger.pairs.length };
  return best?.position;
}
