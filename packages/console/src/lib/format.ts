/** Display formats shared by the views: dates, ages, rates. Pure. */

/** "2026-03-06 15:04" in the viewer's zone, from an ISO instant. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "19810314" → "1981-03-14"; "00000000" → "unknown". */
export function formatCcyymmdd(value: string | null | undefined): string {
  if (!value) return "—";
  if (/^0{8}$/.test(value)) return "unknown";
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : value;
}

/** A duration for people: "45 s", "12 min", "3 h 20 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** A rate such as an FMR: "0.012", "1 in 3.2 million", and "3.2e-29" beyond a trillion. */
export function formatRate(rate: number): string {
  if (!(rate > 0)) return "0";
  if (rate >= 0.01) return rate.toFixed(rate >= 0.1 ? 2 : 3);
  const oneIn = 1 / rate;
  if (oneIn < 1e6) return `1 in ${Math.round(oneIn).toLocaleString("en-US")}`;
  if (oneIn < 1e9) return `1 in ${(oneIn / 1e6).toFixed(1)} million`;
  if (oneIn < 1e12) return `1 in ${(oneIn / 1e9).toFixed(1)} billion`;
  return rate.toExponential(1);
}

export function formatName(name: { surname: string; given: string; middle?: string }): string {
  return `${name.surname}, ${[name.given, name.middle].filter(Boolean).join(" ")}`;
}
