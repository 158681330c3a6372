import type { Counts } from "../statistics-tables.js";

const SERIES = [
  { key: "bookings", label: "Bookings", colour: "#9fb3c8" },
  { key: "identMatches", label: "IDENT matches", colour: "#0b5cad" },
  { key: "detainers", label: "Detainers", colour: "#a61b1b" },
] as const;

/** Bookings, IDENT matches and detainers per month as grouped bars; the table beside it has the numbers. */
export function MonthlyChart({ months }: { months: readonly { month: string; counts: Counts }[] }) {
  const width = 640;
  const height = 220;
  const left = 44;
  const bottom = 28;
  const max = Math.max(1, ...months.flatMap((m) => SERIES.map((s) => m.counts[s.key])));
  const slot = (width - left - 8) / Math.max(1, months.length);
  const bar = Math.max(2, Math.min(18, (slot - 6) / SERIES.length));
  const y = (value: number) => height - bottom - (value / max) * (height - bottom - 12);
  return (
    <figure className="monthly-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Bookings, IDENT matches and detainers for ${months.length} months; the numbers are in the table below`}
      >
        <line x1={left} x2={width - 4} y1={height - bottom} y2={height - bottom} stroke="#4a5566" />
        <text x={left - 6} y={y(max) + 4} textAnchor="end" fontSize="11">
          {max.toLocaleString("en-US")}
        </text>
        <text x={left - 6} y={height - bottom} textAnchor="end" fontSize="11">
          0
        </text>
        {months.map((m, i) => (
          <g key={m.month} transform={`translate(${left + i * slot + 3},0)`}>
            {SERIES.map((s, k) => (
              <rect
                key={s.key}
                x={k * bar}
                y={y(m.counts[s.key])}
                width={bar - 1}
                height={height - bottom - y(m.counts[s.key])}
                fill={s.colour}
              />
            ))}
            <text x={(bar * SERIES.length) / 2} y={height - 10} textAnchor="middle" fontSize="11">
              {m.month}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="map-legend">
        {SERIES.map((s) => (
          <span key={s.key}>
            <span className="map-legend__swatch" style={{ background: s.colour }} aria-hidden="true" />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
