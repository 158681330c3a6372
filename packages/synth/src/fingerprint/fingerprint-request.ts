import { FINGERPRINT_CLASSES, type FingerprintClass, isFingerprintClass } from "./fingerprint-class.js";
import type { ImpressionKind } from "./impression-geometry.js";
import { SynthFingerError } from "./synth-finger-error.js";

/** Explicit limits, so a typo cannot start a run that fills the disk or never ends. */
export const SYNTH_FINGER_LIMITS = {
  maxSeed: Number.MAX_SAFE_INTEGER,
  maxFingers: 100_000,
  maxImpressions: 100,
  maxTemplates: 10_000_000,
  minPpi: 250,
  maxPpi: 1000,
} as const;

export interface FingerRequest {
  readonly seed: number;
  readonly fingerClass?: FingerprintClass;
  /** 0 = the master itself. */
  readonly impression: number;
  readonly kind: ImpressionKind;
  readonly ppi: number;
}

export interface DatasetRequest {
  readonly seed: number;
  readonly fingers: number;
  readonly impressions: number;
  readonly kind: ImpressionKind;
  readonly ppi: number;
}

/** Raw option values as a command line or API body gives them (strings or numbers). */
export type RawOptions = Readonly<Record<string, unknown>>;

export function parseFingerRequest(raw: RawOptions): FingerRequest {
  const fingerClass = raw.class === undefined ? undefined : parseClass(raw.class);
  const request = {
    seed: parseInteger(raw, "seed", 0, SYNTH_FINGER_LIMITS.maxSeed, undefined),
    impression: parseInteger(raw, "impression", 0, 1_000_000, 0),
    kind: parseKind(raw.kind),
    ppi: parseInteger(raw, "ppi", SYNTH_FINGER_LIMITS.minPpi, SYNTH_FINGER_LIMITS.maxPpi, 500),
  };
  return fingerClass === undefined ? request : { ...request, fingerClass };
}

export function parseDatasetRequest(raw: RawOptions): DatasetRequest {
  return {
    seed: parseInteger(raw, "seed", 0, SYNTH_FINGER_LIMITS.maxSeed, 1),
    fingers: parseInteger(raw, "fingers", 1, SYNTH_FINGER_LIMITS.maxFingers, undefined),
    impressions: parseInteger(raw, "impressions", 1, SYNTH_FINGER_LIMITS.maxImpressions, undefined),
    kind: parseKind(raw.kind),
    ppi: parseInteger(raw, "ppi", SYNTH_FINGER_LIMITS.minPpi, SYNTH_FINGER_LIMITS.maxPpi, 500),
  };
}

export function parseInteger(
  raw: RawOptions,
  name: string,
  min: number,
  max: number,
  fallback: number | undefined,
): number {
  const value = raw[name];
  if (value === undefined) {
    if (fallback === undefined) throw new SynthFingerError(name, "is required");
    return fallback;
  }
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw new SynthFingerError(name, `must be an integer, got "${text}"`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new SynthFingerError(name, `must be between ${min} and ${max}, got ${text}`);
  }
  return n;
}

function parseClass(value: unknown): FingerprintClass {
  const text = String(value).trim().toLowerCase().replace(/[ _]/g, "-");
  const alias: Record<string, FingerprintClass> = {
    tented: "tented-arch",
    left: "left-loop",
    right: "right-loop",
  };
  const resolved = alias[text] ?? text;
  if (!isFingerprintClass(resolved)) {
    throw new SynthFingerError(
      "class",
      `unknown class "${String(value)}"; expected one of ${FINGERPRINT_CLASSES.join(", ")}`,
    );
  }
  return resolved;
}

function parseKind(value: unknown): ImpressionKind {
  if (value === undefined) return "plain";
  const text = String(value).trim().toLowerCase();
  if (text !== "plain" && text !== "rolled")
    throw new SynthFingerError("kind", `must be plain or rolled, got "${text}"`);
  return text;
}
