import type { Tone } from "../../components/badge.js";

/**
 * How urgent a case looks from its age against the LESC target: green under half the target, amber up
 * to it, red once overdue. Colour is never the only signal: the label says the same in words.
 */
export interface AgeAppearance {
  readonly tone: Extract<Tone, "good" | "warn" | "bad">;
  readonly label: string;
  /** Share of the target used, 0 … (over 1 when overdue). */
  readonly fraction: number;
}

export const AMBER_FROM = 0.5;

export function ageAppearance(ageMs: number, targetMs: number): AgeAppearance {
  if (!(targetMs > 0)) throw new RangeError(`the target must be a positive duration, got ${targetMs}`);
  const fraction = Math.max(0, ageMs) / targetMs;
  if (fraction > 1) return { tone: "bad", label: "overdue", fraction };
  if (fraction >= AMBER_FROM) return { tone: "warn", label: "due soon", fraction };
  return { tone: "good", label: "within target", fraction };
}
