/**
 * A generator option that cannot be honoured (negative count, unknown state, shares that do not add up).
 * Thrown before any record is generated, naming the option and what it got.
 */
export class SynthOptionError extends Error {
  readonly option: string;

  constructor(option: string, reason: string) {
    super(`${option}: ${reason}`);
    this.name = "SynthOptionError";
    this.option = option;
  }
}

export function requireCount(option: string, value: number, max: number, min = 0): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SynthOptionError(option, `${value} is not a whole number from ${min} to ${max}`);
  }
}

export function requireShare(option: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new SynthOptionError(option, `${value} is not a share between 0 and 1`);
  }
}

/** Weights must be finite, non-negative and not all zero; returns them normalised to sum 1. */
export function requireWeights<K extends string>(
  option: string,
  weights: Readonly<Record<K, number>>,
): Record<K, number> {
  const entries = Object.entries(weights) as [K, number][];
  for (const [key, value] of entries) {
    if (!Number.isFinite(value) || value < 0)
      throw new SynthOptionError(`${option}.${key}`, `${value} is not a non-negative weight`);
  }
  const total = entries.reduce((sum, [, value]) => sum + value, 0);
  if (total <= 0) throw new SynthOptionError(option, "every weight is zero");
  return Object.fromEntries(entries.map(([key, value]) => [key, value / total])) as Record<K, number>;
}
