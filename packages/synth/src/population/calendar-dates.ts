/** Day arithmetic in UTC: synthetic dates are calendar days with no time zone. */
export const DAY_MS = 86_400_000;

/** Milliseconds of midnight UTC of a YYYY-MM-DD date; NaN when the text is not a real date. */
export function parseIsoDate(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return Number.NaN;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text) ? ms : Number.NaN;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** CCYYMMDD as EBTS writes dates. */
export function compactDate(ms: number): string {
  return isoDate(ms).replaceAll("-", "");
}
