import type { Minutia, MinutiaType } from "../minutia.js";
import type { CellGrid } from "./cell-grid.js";
import type { ExtractorParameters } from "./extractor-parameters.js";
import { endingDirection } from "./skeleton-filters.js";
import type { SkeletonGraph } from "./skeleton-graph.js";

/** Where minutiae may sit and how clear the ridges are there. */
export interface MinutiaContext {
  readonly grid: CellGrid;
  /** Distance in pixels from each cell to the foreground edge. */
  readonly borderDistance: Float32Array;
  /** Ridge clarity per cell, 0–1. */
  readonly cellQuality: Float32Array;
}

/**
 * Reads minutiae off the filtered skeletons. Ridge endings are the endings of the ridge skeleton;
 * bifurcations are taken as the endings of the valley skeleton, since a fork of two ridges is exactly
 * where a valley ends. An ending's position and direction are then both read from a single clean ridge
 * line, which is more stable than the three branches of a junction (reading bifurcations off ridge
 * junctions instead doubled the FVC2002 EER in our trials). The direction points from the end back along
 * the ridge (or valley) that ends, as in the ISO/IEC 19794-2 templates of a commercial extractor for the
 * same FVC2002 images.
 */
export function collectMinutiae(
  ridges: SkeletonGraph,
  valleys: SkeletonGraph,
  context: MinutiaContext,
  parameters: ExtractorParameters,
): Minutia[] {
  const found: Minutia[] = [];
  const add = (graph: SkeletonGraph, type: MinutiaType) => {
    for (const node of graph.nodes) {
      if (!node.alive || node.edges.length !== 1) continue;
      const x = Math.round(node.x);
      const y = Math.round(node.y);
      const cell =
        ((y / context.grid.cellSize) | 0) * context.grid.cellsX + ((x / context.grid.cellSize) | 0);
      const border = context.borderDistance[cell] ?? 0;
      if (border < parameters.minBorderDistance) continue;
      const [dx, dy] = endingDirection(
        node,
        graph.width,
        parameters.directionSkip,
        parameters.directionSample,
      );
      if (dx === 0 && dy === 0) continue;
      // endingDirection points outward; the minutia points back into the ridge.
      let direction = Math.atan2(dy, -dx);
      if (direction < 0) direction += 2 * Math.PI;
      if (direction >= 2 * Math.PI) direction = 0;
      const clarity = localQuality(context, x, y, parameters.reliabilityWindowCells);
      const inland = Math.min(1, border / parameters.fullBorderDistance);
      const edge = parameters.edgeReliability;
      const quality = Math.max(1, Math.min(100, Math.round(100 * clarity * (edge + (1 - edge) * inland))));
      found.push({ x, y, direction, type, quality });
    }
  };
  add(ridges, "ending");
  add(valleys, "bifurcation");
  return removeClouds(found, parameters);
}

function localQuality(context: MinutiaContext, x: number, y: number, radius: number): number {
  const { cellsX, cellsY, cellSize } = context.grid;
  const cx = (x / cellSize) | 0;
  const cy = (y / cellSize) | 0;
  let sum = 0;
  let count = 0;
  for (let j = Math.max(0, cy - radius); j <= Math.min(cellsY - 1, cy + radius); j++) {
    for (let i = Math.max(0, cx - radius); i <= Math.min(cellsX - 1, cx + radius); i++) {
      sum += context.cellQuality[j * cellsX + i]!;
      count++;
    }
  }
  return count > 0 ? sum / count : 0;
}

/** Minutiae crowded together come from noise or a scar; none of a crowd is trustworthy. */
function removeClouds(minutiae: Minutia[], parameters: ExtractorParameters): Minutia[] {
  const radiusSquared = parameters.cloudRadius ** 2;
  return minutiae.filter((m) => {
    let neighbours = 0;
    for (const n of minutiae) {
      if (n !== m && (n.x - m.x) ** 2 + (n.y - m.y) ** 2 <= radiusSquared) neighbours++;
    }
    return neighbours <= parameters.maxCloudSize;
  });
}
