/** EBTS date (YYYYMMDD, UTC) of a response written at `now`. */
export function responseDate(now: Date): string {
  return now.toISOString().slice(0, 10).replaceAll("-", "");
}
