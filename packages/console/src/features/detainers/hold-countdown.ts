import { type DetainerState, type HoldProgress, holdProgress } from "@tenprint/hub/domain";

export interface HoldClockView {
  /** "31:04:09" of counted hold time left, or "lapsed". */
  readonly remaining: string;
  /** Why the clock stands still now, e.g. "Saturday" or "Thanksgiving Day"; null while it runs. */
  readonly paused: string | null;
  /** The deadline in the facility's zone, e.g. "Tue 8 Dec 2026, 09:00 CST". */
  readonly deadline: string;
  readonly timeZone: string;
  readonly remainingMs: number;
}

function hms(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

/** An instant as the facility's clock on the wall shows it. */
export function facilityTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(instant);
}

/**
 * The hold clock of a holding detainer at an instant, counted by the hub's own domain code
 * (`holdProgress`): weekends and federal holidays of the facility's zone do not count. Null when no hold
 * has started.
 */
export function holdClock(state: DetainerState, at: Date): HoldClockView | null {
  if (!state.holdStartedAt) return null;
  const progress: HoldProgress = holdProgress(state.holdStartedAt, at, { timeZone: state.facilityTimeZone });
  const paused = progress.pausedFor
    ? (progress.pausedFor.holiday ?? (progress.pausedFor.reason === "SATURDAY" ? "Saturday" : "Sunday"))
    : null;
  return {
    remaining: progress.remainingMs > 0 ? hms(progress.remainingMs) : "lapsed",
    paused: progress.remainingMs > 0 ? paused : null,
    deadline: facilityTime(progress.deadline, progress.timeZone),
    timeZone: progress.timeZone,
    remainingMs: progress.remainingMs,
  };
}
