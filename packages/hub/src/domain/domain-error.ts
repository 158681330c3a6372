/**
 * Errors of the functional core. Both carry enough for the shell to answer a caller (HTTP 409/422)
 * without parsing the message: which machine, state and event, or which input property is wrong.
 */

/** An event that the current state does not accept (e.g. IAR before an IAQ, a hold that has not expired). */
export class IllegalTransitionError extends Error {
  readonly machine: string;
  readonly state: string;
  readonly event: string;

  constructor(machine: string, state: string, event: string, reason?: string) {
    super(`${machine}: event ${event} is not allowed in state ${state}${reason ? ` (${reason})` : ""}`);
    this.name = "IllegalTransitionError";
    this.machine = machine;
    this.state = state;
    this.event = event;
  }
}

/** An input that cannot be used: names the property path and what was wrong with it. */
export class DomainInputError extends Error {
  readonly property: string;

  constructor(property: string, reason: string) {
    super(`${property}: ${reason}`);
    this.name = "DomainInputError";
    this.property = property;
  }
}

/** A date or instant given as a Date or ISO-8601 text; anything unparseable is rejected by name. */
export function toInstant(property: string, value: Date | string): Date {
  const instant = typeof value === "string" ? new Date(value) : new Date(value.getTime());
  if (Number.isNaN(instant.getTime())) {
    throw new DomainInputError(property, `${String(value)} is not a valid date or ISO-8601 instant`);
  }
  return instant;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day YYYY-MM-DD that exists (2023-02-29 does not). */
export function requireIsoDay(property: string, value: string): string {
  const match = ISO_DAY.exec(value);
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!day || day.toISOString().slice(0, 10) !== value) {
    throw new DomainInputError(property, `${value} is not a calendar day YYYY-MM-DD`);
  }
  return value;
}
