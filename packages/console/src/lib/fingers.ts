/** Finger positions (EBTS FGP 1–10) and how people name them. */
export const FINGER_POSITIONS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

const NAMES: Record<number, string> = {
  1: "Right thumb",
  2: "Right index",
  3: "Right middle",
  4: "Right ring",
  5: "Right little",
  6: "Left thumb",
  7: "Left index",
  8: "Left middle",
  9: "Left ring",
  10: "Left little",
};

export function fingerName(position: number): string {
  return NAMES[position] ?? `Position ${position}`;
}

/** "R thumb", "L little": for tables. */
export function fingerShortName(position: number): string {
  return fingerName(position)
    .replace(/^Right /, "R ")
    .replace(/^Left /, "L ");
}
