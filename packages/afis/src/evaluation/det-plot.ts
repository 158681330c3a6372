/** One curve of a DET plot: points (FPIR, FNIR), any order. */
export interface DetSeries {
  readonly label: string;
  readonly points: readonly { readonly fpir: number; readonly fnir: number }[];
}

const WIDTH = 900;
const LEFT = 96;
const LEGEND = 330;
const TOP = 44;
const PLOT_H = 380;
/** Band under the log FNIR axis where FNIR = 0 is drawn, one row per series. */
const ZERO_GAP = 22;
const ROW = 10;
/** Band left of the log FPIR axis where FPIR = 0 is drawn. */
const ZERO_X_BAND = 48;
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f"];
const DASHES = ["", "8 4", "2 3", "10 3 2 3", "4 4", "12 4 2 4 2 4"];
const MARKERS = ["circle", "square", "triangle", "diamond"] as const;

/**
 * A DET plot as NIST draws them for identification: FPIR on a log x axis, FNIR on a log y axis. Rates of 0
 * have no place on a log axis, and at the counts a bench can afford they are common (no mate missed), so
 * they get their own bands: FNIR = 0 below the plot, one row per series so that curves lying there do not
 * hide each other, and FPIR = 0 to its left (a marker, not joined to the curve, which starts at the smallest
 * FPIR measured, 1 / non-mated searches). Rates between 0 and the axis floor are drawn on the floor.
 * Every series has its own colour, dash pattern and end markers.
 */
export function detPlotSvg(
  title: string,
  series: readonly DetSeries[],
  axes: { readonly fpirFloor?: number; readonly fnirFloor?: number; readonly note?: string } = {},
): string {
  const fpirFloor = axes.fpirFloor ?? 1e-5;
  const fnirFloor = axes.fnirFloor ?? 1e-3;
  const zeroBand = ZERO_GAP + Math.max(2, series.length) * ROW + 8;
  const height = TOP + PLOT_H + zeroBand + 70 + (axes.note ? 18 : 0);
  const plotLeft = LEFT + ZERO_X_BAND;
  const plotW = WIDTH - plotLeft - LEGEND;
  const bottom = TOP + PLOT_H;
  const zeroTop = bottom + ZERO_GAP;
  const xOf = (fpir: number) =>
    fpir <= 0
      ? LEFT + ZERO_X_BAND / 2
      : plotLeft +
        ((Math.log10(Math.max(fpir, fpirFloor)) - Math.log10(fpirFloor)) / -Math.log10(fpirFloor)) * plotW;
  const yOf = (fnir: number, row: number) =>
    fnir <= 0
      ? zeroTop + 8 + row * ROW
      : TOP +
        (1 - (Math.log10(Math.max(fnir, fnirFloor)) - Math.log10(fnirFloor)) / -Math.log10(fnirFloor)) *
          PLOT_H;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${LEFT}" y="24" font-size="15">${escapeXml(title)}</text>`,
  ];
  for (let e = Math.round(Math.log10(fpirFloor)); e <= 0; e++) {
    const x = xOf(10 ** e).toFixed(1);
    parts.push(`<line x1="${x}" y1="${TOP}" x2="${x}" y2="${zeroTop + zeroBand - ZERO_GAP}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${x}" y="${zeroTop + zeroBand - ZERO_GAP + 16}" text-anchor="middle">${power(e)}</text>`,
    );
  }
  for (let e = Math.round(Math.log10(fnirFloor)); e <= 0; e++) {
    const y = yOf(10 ** e, 0).toFixed(1);
    parts.push(`<line x1="${plotLeft}" y1="${y}" x2="${plotLeft + plotW}" y2="${y}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${LEFT - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${power(e)}</text>`,
    );
  }
  const zeroH = zeroBand - ZERO_GAP;
  parts.push(
    `<rect x="${plotLeft}" y="${TOP}" width="${plotW}" height="${PLOT_H}" fill="none" stroke="#333"/>`,
    `<rect x="${plotLeft}" y="${zeroTop}" width="${plotW}" height="${zeroH}" fill="#f4f8f4" stroke="#333"/>`,
    `<rect x="${LEFT}" y="${TOP}" width="${ZERO_X_BAND - 6}" height="${PLOT_H}" fill="#f8f4f4" stroke="#333"/>`,
    `<rect x="${LEFT}" y="${zeroTop}" width="${ZERO_X_BAND - 6}" height="${zeroH}" fill="#eeeeee" stroke="#333"/>`,
    `<text x="${LEFT - 6}" y="${zeroTop + zeroH / 2}" text-anchor="end" dominant-baseline="middle" font-weight="bold">0</text>`,
    `<text x="${LEFT + (ZERO_X_BAND - 6) / 2}" y="${zeroTop + zeroBand - ZERO_GAP + 16}" text-anchor="middle" font-weight="bold">0</text>`,
    `<text x="${plotLeft + 4}" y="${zeroTop - 5}" font-size="10" fill="#555">below: FNIR = 0 (no mate missed), one row per curve</text>`,
    `<text x="${plotLeft + 4}" y="${bottom - 4}" font-size="10" fill="#555">FNIR ≤ ${power(Math.round(Math.log10(fnirFloor)))} drawn on this line</text>`,
  );
  parts.push(
    `<text x="${plotLeft + plotW / 2}" y="${zeroTop + zeroH + 36}" text-anchor="middle">FPIR (false-positive identification rate; 0 = no non-mated search reached the threshold)</text>`,
    `<text x="16" y="${TOP + PLOT_H / 2}" text-anchor="middle" transform="rotate(-90 16 ${TOP + PLOT_H / 2})">FNIR (false-negative identification rate)</text>`,
  );
  if (axes.note) {
    parts.push(
      `<text x="${LEFT}" y="${zeroTop + zeroH + 56}" font-size="11" fill="#333">${escapeXml(axes.note)}</text>`,
    );
  }
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const dash = DASHES[i % DASHES.length]!;
    const marker = MARKERS[i % MARKERS.length]!;
    const sorted = [...s.points].sort((a, b) => a.fpir - b.fpir || b.fnir - a.fnir);
    // FPIR = 0 is not on the curve's axis: a line from it would claim every FPIR in between was measured.
    for (const p of sorted.filter((q) => q.fpir <= 0)) {
      parts.push(markerSvg(marker, xOf(0), yOf(p.fnir, i), colour));
    }
    const xy = sorted.filter((p) => p.fpir > 0).map((p) => [xOf(p.fpir), yOf(p.fnir, i)] as const);
    if (xy.length > 0) {
      const path = xy.map(([x, y], k) => `${k === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
      parts.push(
        `<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
      );
      parts.push(markerSvg(marker, xy[0]![0], xy[0]![1], colour));
      parts.push(markerSvg(marker, xy[xy.length - 1]![0], xy[xy.length - 1]![1], colour));
    }
    const ly = TOP + 8 + i * 34;
    const lx = plotLeft + plotW + 14;
    parts.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 28}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
      markerSvg(marker, lx + 14, ly, colour),
    );
    const [first, ...rest] = wrap(s.label, 42);
    parts.push(`<text x="${lx + 36}" y="${ly}" dominant-baseline="middle">${escapeXml(first ?? "")}</text>`);
    rest.slice(0, 1).forEach((line) => {
      parts.push(
        `<text x="${lx + 36}" y="${ly + 14}" dominant-baseline="middle" font-size="11" fill="#444">${escapeXml(line)}</text>`,
      );
    });
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

function markerSvg(kind: (typeof MARKERS)[number], x: number, y: number, colour: number | string): string {
  const at = (dx: number, dy: number) => `${(x + dx).toFixed(1)},${(y + dy).toFixed(1)}`;
  switch (kind) {
    case "circle":
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" fill="${colour}"/>`;
    case "square":
      return `<rect x="${(x - 3.5).toFixed(1)}" y="${(y - 3.5).toFixed(1)}" width="7" height="7" fill="${colour}"/>`;
    case "triangle":
      return `<polygon points="${at(0, -4.5)} ${at(4, 3)} ${at(-4, 3)}" fill="${colour}"/>`;
    case "diamond":
      return `<polygon points="${at(0, -4.5)} ${at(4.5, 0)} ${at(0, 4.5)} ${at(-4.5, 0)}" fill="${colour}"/>`;
  }
}

/** 10^e written as 1, 0.1, 0.01, 10⁻³ …: short enough for tick labels, exact enough to read off. */
function power(e: number): string {
  if (e === 0) return "1";
  if (e >= -2) return (10 ** e).toFixed(-e);
  const superscript = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  return `10⁻${[...String(-e)].map((d) => superscript[Number(d)]).join("")}`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
