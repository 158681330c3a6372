import type { Point, SingularPoints } from "./singular-points.js";

/**
 * Finds cores and deltas of an orientation field by the Poincaré index: the winding of the doubled
 * ridge angle around each grid cell is +2π at a core, −2π at a delta and 0 elsewhere. Detections in
 * touching cells (a singularity on a cell edge) are merged. `orientation` returns ridge angles in
 * [0, π); `inside` limits the search (the silhouette).
 */
export function detectSingularPoints(
  orientation: (x: number, y: number) => number,
  inside: (x: number, y: number) => boolean,
  width: number,
  height: number,
  step: number,
): SingularPoints {
  const columns = Math.floor(width / step) + 1;
  const rows = Math.floor(height / step) + 1;
  const angles = new Float64Array(columns * rows);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) angles[r * columns + c] = orientation(c * step, r * step);
  const cores: Point[] = [];
  const deltas: Point[] = [];
  for (let r = 0; r + 1 < rows; r++) {
    for (let c = 0; c + 1 < columns; c++) {
      if (!inside(c * step, r * step) || !inside((c + 1) * step, (r + 1) * step)) continue;
      const loop = [
        angles[r * columns + c]!,
        angles[r * columns + c + 1]!,
        angles[(r + 1) * columns + c + 1]!,
        angles[(r + 1) * columns + c]!,
      ];
      let winding = 0;
      for (let k = 0; k < 4; k++) {
        let d = 2 * (loop[(k + 1) % 4]! - loop[k]!);
        d = Math.atan2(Math.sin(d), Math.cos(d));
        winding += d;
      }
      const index = Math.round(winding / (2 * Math.PI));
      if (index === 0) continue;
      const point = { x: (c + 0.5) * step, y: (r + 0.5) * step };
      const list = index > 0 ? cores : deltas;
      if (!list.some((p) => Math.abs(p.x - point.x) <= 1.5 * step && Math.abs(p.y - point.y) <= 1.5 * step))
        list.push(point);
    }
  }
  return { cores, deltas };
}
