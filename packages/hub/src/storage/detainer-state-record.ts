import { z } from "zod";
import type { DetainerState } from "../domain/detainer-lifecycle.js";
import type { StoredDetainer } from "./detainer-repository.js";
import { parsedState, StoredStateError, unknownVersion } from "./stored-state.js";

/**
 * A detainer's state as `detainers.state` holds it: the domain's DetainerState plus `stateVersion`,
 * validated on read and checked against the row's columns, like a booking's state
 * (docs/decisions/0021-versioned-workflow-state.md). Version 1 is the only shape so far; rows written
 * before the tag lack `stateVersion` and are version 1.
 */
export const DETAINER_STATE_VERSION = 1;

const nonEmpty = z.string().min(1);
const instant = z.iso.datetime();

const version1 = z.strictObject({
  stateVersion: z.literal(1).optional(),
  id: nonEmpty,
  tcn: nonEmpty,
  form: z.enum(["I-247", "I-247D", "I-247N", "I-247X", "I-247A"]),
  basis: z.enum(["FINAL_ORDER", "PENDING_PROCEEDINGS", "BIOMETRIC_AND_RECORDS"]),
  leaOri: nonEmpty,
  eroOri: nonEmpty,
  facilityTimeZone: nonEmpty,
  status: z.enum([
    "ISSUED",
    "SERVED",
    "ACTIVE",
    "RELEASE_DUE",
    "HOLDING",
    "TRANSFERRED",
    "RELEASED",
    "LAPSED",
    "LIFTED",
  ]),
  issuedAt: instant,
  servedAt: instant.optional(),
  releaseDueAt: instant.optional(),
  holdStartedAt: instant.optional(),
  holdDeadline: instant.optional(),
  closedAt: instant.optional(),
  liftReason: z.string().optional(),
  redress: z.boolean(),
});

/**
 * The state of a stored detainer: validated, and checked against the row's `id` and `status` columns.
 * Throws StoredStateError naming the row and the field.
 */
export function detainerStateOf(detainer: Pick<StoredDetainer, "id" | "status" | "state">): DetainerState {
  const { id, state: data } = detainer;
  const version = data.stateVersion ?? 1;
  if (version !== DETAINER_STATE_VERSION)
    throw unknownVersion("detainers", id, version, DETAINER_STATE_VERSION);
  const { stateVersion: _version, ...state } = parsedState(version1, data, {
    table: "detainers",
    id,
    version,
  });
  if (state.id !== id) throw new StoredStateError("detainers", id, "id", `is ${state.id}, not the row's id`);
  if (state.status !== detainer.status)
    throw new StoredStateError(
      "detainers",
      id,
      "status",
      `is ${state.status} but the row's status column is ${detainer.status}`,
    );
  return state;
}

/** The row form of a state, at the current version: what `detainers.state` is written with. */
export function detainerStateRecord(state: DetainerState): Record<string, unknown> {
  return { ...JSON.parse(JSON.stringify(state)), stateVersion: DETAINER_STATE_VERSION };
}
