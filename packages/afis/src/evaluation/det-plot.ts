/** One curve of a DET plot: points (FPIR, FNIR), any order. */
export interface DetSeries {
  readonly label: string;
  readonly points: readonly { readonly fpir: number; readonly fnir: number }[];
}

const WIDTH = 720;
const HEIGHT = 520;
const LEFT = 70;
const RIGHT = 250;
const TOP = 40;
const BOTTOM = 60;
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f"];

/**
 * A DET plot as NIST draws them for identification: FPIR on a log x axis, FNIR on a log y axis, one
 * curve per series. Rates of 0 cannot be drawn on a log axis and are clipped to the axis' floor.
 */
export function detPlotSvg(
  title: string,
  series: readonly DetSeries[],
  axes: { readonly fpirFloor?: number; readonly fnirFloor?: number } = {},
): string {
  const fpirFloor = axes.fpirFloor ?? 1e-5;
  const fnirFloor = axes.fnirFloor ?? 1e-3;
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const xOf = (fpir: number) =>
    LEFT + ((Math.log10(Math.max(fpir, fpirFloor)) - Math.log10(fpirFloor)) / -Math.log10(fpirFloor)) * plotW;
  const yOf = (fnir: number) =>
    TOP +
    (1 - (Math.log10(Math.max(fnir, fnirFloor)) - Math.log10(fnirFloor)) / -Math.log10(fnirFloor)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${LEFT}" y="22" font-size="14">${escapeXml(title)}</text>`,
  ];
  for (let e = Math.round(Math.log10(fpirFloor)); e <= 0; e++) {
    const x = xOf(10 ** e).toFixed(1);
    parts.push(`<line x1="${x}" y1="${TOP}" x2="${x}" y2="${TOP + plotH}" stroke="#ddd"/>`);
    parts.push(`<text x="${x}" y="${TOP + plotH + 18}" text-anchor="middle">1e${e}</text>`);
  }
  for (let e = Math.round(Math.log10(fnirFloor)); e <= 0; e++) {
    const y = yOf(10 ** e).toFixed(1);
    parts.push(`<line x1="${LEFT}" y1="${y}" x2="${LEFT + plotW}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${LEFT - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">1e${e}</text>`);
  }
  parts.push(`<rect x="${LEFT}" y="${TOP}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  parts.push(
    `<text x="${LEFT + plotW / 2}" y="${HEIGHT - 18}" text-anchor="middle">FPIR (false-positive identification rate)</text>`,
  );
  parts.push(
    `<text x="18" y="${TOP + plotH / 2}" text-anchor="middle" transform="rotate(-90 18 ${TOP + plotH / 2})">FNIR (false-negative identification rate)</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const sorted = [...s.points].sort((a, b) => a.fpir - b.fpir || b.fnir - a.fnir);
    // A step curve: between measured thresholds FNIR holds its value.
    const path = sorted
      .map((p, k) => `${k === 0 ? "M" : "L"}${xOf(p.fpir).toFixed(1)},${yOf(p.fnir).toFixed(1)}`)
      .join(" ");
    if (sorted.length > 0) {
      parts.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    }
    const ly = TOP + 10 + i * 20;
    parts.push(
      `<line x1="${LEFT + plotW + 12}" y1="${ly}" x2="${LEFT + plotW + 32}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
    );
    parts.push(
      `<text x="${LEFT + plotW + 38}" y="${ly}" dominant-baseline="middle">${escapeXml(s.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
