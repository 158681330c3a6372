import type { SeededRandom } from "../seeded-random.js";
import { type FingerShape, insideShape } from "./finger-shape.js";
import type { FingerprintClass } from "./fingerprint-class.js";
import { FINGERPRINT_PARAMETERS as P } from "./fingerprint-parameters.js";

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Cores (Poincaré index +½) and deltas (−½) in master coordinates. */
export interface SingularPoints {
  readonly cores: readonly Point[];
  readonly deltas: readonly Point[];
}

/**
 * Places cores and deltas as the class requires: none for an arch, a core above a nearby delta for a
 * tented arch, a core and a delta on the side opposite the loop's opening for loops, two cores and
 * two deltas for whorls (and double loops).
 */
export function placeSingularPoints(
  fingerClass: FingerprintClass,
  shape: FingerShape,
  random: SeededRandom,
): SingularPoints {
  const total = shape.topHeight + shape.bottomHeight;
  const core = {
    x: shape.centerX + random.uniform(-P.coreLateral, P.coreLateral),
    y: shape.centerY - shape.topHeight + random.uniform(P.coreDepth[0], P.coreDepth[1]) * total,
  };
  switch (fingerClass) {
    case "arch":
      return { cores: [], deltas: [] };
    case "tented-arch":
      return inside(shape, core, {
        cores: [core],
        deltas: [
          {
            x: core.x + random.uniform(-8, 8),
            y: core.y + random.uniform(P.tentedDeltaDy[0], P.tentedDeltaDy[1]),
          },
        ],
      });
    case "left-loop":
    case "right-loop": {
      const side = fingerClass === "left-loop" ? 1 : -1;
      return inside(shape, core, {
        cores: [core],
        deltas: [
          {
            x: core.x + side * random.uniform(P.loopDeltaDx[0], P.loopDeltaDx[1]),
            y: core.y + random.uniform(P.loopDeltaDy[0], P.loopDeltaDy[1]),
          },
        ],
      });
    }
    case "whorl": {
      const separation = random.uniform(P.whorlCoreSeparation[0], P.whorlCoreSeparation[1]);
      const tilt = random.uniform(-0.6, 0.6);
      const dx = (Math.sin(tilt) * separation) / 2;
      const dy = (Math.cos(tilt) * separation) / 2;
      const deltaY = core.y + dy;
      return inside(shape, core, {
        cores: [
          { x: core.x - dx, y: core.y - dy },
          { x: core.x + dx, y: core.y + dy },
        ],
        deltas: [
          {
            x: core.x - random.uniform(P.whorlDeltaDx[0], P.whorlDeltaDx[1]),
            y: deltaY + random.uniform(P.whorlDeltaDy[0], P.whorlDeltaDy[1]),
          },
          {
            x: core.x + random.uniform(P.whorlDeltaDx[0], P.whorlDeltaDx[1]),
            y: deltaY + random.uniform(P.whorlDeltaDy[0], P.whorlDeltaDy[1]),
          },
        ],
      });
    }
  }
}

/**
 * Pulls deltas that fell outside the finger (or too near its edge) towards the core: a rolled print
 * shows every delta of its class, so the model keeps them on the finger.
 */
function inside(shape: FingerShape, core: Point, points: SingularPoints): SingularPoints {
  const deltas = points.deltas.map((d) => {
    let t = 1;
    while (
      t > 0.3 &&
      !insideShape(shape, core.x + (d.x - core.x) * t, core.y + (d.y - core.y) * t, P.singularMargin)
    ) {
      t -= 0.05;
    }
    return { x: core.x + (d.x - core.x) * t, y: core.y + (d.y - core.y) * t };
  });
  return { cores: points.cores, deltas };
}
