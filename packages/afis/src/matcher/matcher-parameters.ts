/**
 * Every tuning constant of the 1:1 matcher, in the 500 ppi engine frame. Tuned once on the FVC2002 B
 * development set (SecuGen ISO templates and our own extraction); never per image.
 */
export const MATCHER_PARAMETERS = {
  /** Templates are cut to this many minutiae (highest quality first) before matching. */
  maxMinutiae: 80,
  /** Nearest neighbours per minutia that form its local edges. */
  neighbors: 9,
  /** Edges shorter than this give unreliable edge angles and are skipped. */
  minEdgeLength: 12,
  /** Edges longer than this suffer too much from skin distortion. */
  maxEdgeLength: 180,
  /** Tolerated difference of edge lengths between probe and candidate, pixels. */
  maxDistanceError: 13,
  /** Tolerated difference of the two edge-relative minutia angles, in 1/256 turns (10 ≈ 14°). */
  maxAngleError: 7,
  /** Minutia pairs tried as roots of the pairing, strongest local support first. */
  maxRoots: 12,
  /** Roots need at least this many compatible edges. */
  minRootSupport: 2,
  /** Fewer pairs than this is no evidence at all (score 0). */
  minPairs: 3,
  score: {
    /** Per paired minutia. */
    pair: 0.45,
    /** Times the mean fraction of both templates' minutiae that are paired. */
    fraction: 9,
    /** Per edge between paired minutiae that agrees in both prints (beyond the spanning tree). */
    supportedEdge: 0.2,
    /** Per pair whose minutia types agree. */
    typeMatch: 0.25,
    /** Weight of the mean edge-length accuracy (1 = exact, 0 = at the tolerance). */
    distanceAccuracy: 2,
    /** Weight of the mean edge-angle accuracy. */
    angleAccuracy: 2,
  },
} as const;
