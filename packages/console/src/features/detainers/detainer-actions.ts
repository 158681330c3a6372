import {
  DETAINER_ACTIONS_BY_ROLE,
  type DetainerActionType,
  type DetainerEvent,
  type DetainerState,
  IllegalTransitionError,
  transitionDetainer,
} from "@tenprint/hub/domain";

/** How the console names each action, for the role that sends it. */
export const ACTION_LABELS: Record<DetainerActionType, string> = {
  SERVE: "Serve on the facility",
  ACKNOWLEDGE: "Acknowledge",
  RELEASE_NOTICE: "Give notice of release",
  HOLD: "Hold (start the 48-hour clock)",
  TRANSFER: "Take custody (transfer)",
  RELEASE: "Release",
  LIFT: "Lift",
  US_CITIZEN_FOUND: "Found to be a US citizen",
};

/** What an action needs from the person besides the click. */
export function actionInput(type: DetainerActionType): "releaseDueAt" | "reason" | null {
  return type === "RELEASE_NOTICE" ? "releaseDueAt" : type === "LIFT" ? "reason" : null;
}

function trialEvent(type: DetainerActionType, at: Date): DetainerEvent {
  switch (type) {
    case "RELEASE_NOTICE":
      return { type, at, releaseDueAt: at };
    case "LIFT":
      return { type, at, reason: "trial" };
    case "US_CITIZEN_FOUND":
      return { type, at, by: "trial" };
    default:
      return { type, at };
  }
}

/**
 * The actions this role may send to this detainer now: the role's actions (the hub's own table) that the
 * domain's state machine accepts in the detainer's status. Tried on the domain itself rather than
 * restated, so the buttons never offer what the hub would refuse with a 409.
 */
export function availableActions(
  role: string,
  state: DetainerState,
  at: Date = new Date(),
): DetainerActionType[] {
  const mine = DETAINER_ACTIONS_BY_ROLE[role] ?? [];
  // The domain refuses events dated before issue; a skewed browser clock must not hide every action.
  const when = new Date(Math.max(at.getTime(), Date.parse(state.issuedAt)));
  return mine.filter((type) => {
    try {
      transitionDetainer(state, trialEvent(type, when));
      return true;
    } catch (error) {
      if (error instanceof IllegalTransitionError) return false;
      throw error;
    }
  });
}
