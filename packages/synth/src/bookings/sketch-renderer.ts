import { SeededRandom } from "../seeded-random.js";
import type { ImpressionRenderer } from "./booking-images.js";

/** Image sizes at 500 ppi: rolled prints are wider than plain ones. */
const SIZES = { rolled: { width: 640, height: 600 }, plain: { width: 400, height: 500 } } as const;

/**
 * A fast, low-fidelity renderer: a sinusoidal ridge pattern of the finger's class (concentric for
 * whorls, off-centre rings opening left or right for loops, a hump for arches) inside an elliptic
 * contact area, with a per-impression shift. Some milliseconds per image instead of the second a
 * generated master costs, for long streams and tests where the prints are not matched; use
 * engineRenderer when a matcher is to identify people.
 */
export const sketchRenderer: ImpressionRenderer = ({ finger, kind, impression }) => {
  const { width, height } = SIZES[kind];
  const shape = SeededRandom.fromText(`sketch/${finger.seed}`);
  const capture = shape.fork(`${kind}/${impression}`);
  const period = 8.5 + shape.next() * 2.5;
  const cx = width / 2 + (shape.next() - 0.5) * 60 + (capture.next() - 0.5) * 40;
  const cy = height * 0.45 + (shape.next() - 0.5) * 60 + (capture.next() - 0.5) * 40;
  const rx = width * (0.36 + capture.next() * 0.08);
  const ry = height * (0.4 + capture.next() * 0.06);
  const cls = finger.fingerClass;
  const skew = cls === "left-loop" ? -0.55 : cls === "right-loop" ? 0.55 : 0;
  const hump = cls === "tented-arch" ? 70 : 35;
  const pixels = new Uint8Array(width * height).fill(255);
  const omega = (2 * Math.PI) / period;
  const arch = cls === "arch" || cls === "tented-arch";
  const humpWidth = 2 * (hump * 1.6) ** 2;
  const irx2 = 1 / (rx * rx);
  const iry2 = 1 / (ry * ry);
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const inside = dx * dx * irx2 + dy * dy * iry2;
      if (inside > 1) continue;
      const phase = arch
        ? y - hump * Math.exp(-(dx * dx) / humpWidth)
        : Math.sqrt(dx * dx + dy * dy) + skew * dx;
      const fade = 1 - inside * inside * inside * inside;
      // A Uint8Array truncates rather than clamps; the value stays within 40..240 by construction.
      pixels[y * width + x] = 140 + 100 * Math.cos(omega * phase) * fade;
    }
  }
  return { width, height, ppi: 500, pixels };
};
