/**
 * The part of the domain the web console runs in the browser (`@tenprint/hub/domain`): the detainer hold
 * clock, the detainer and activation state machines and who may act. Only modules without Node or
 * database imports belong here, so the console computes exactly what the hub computes instead of a copy.
 */
export {
  type ExcludedDay,
  type ExcludedReason,
  type HoldProgress,
  type HoldWindow,
  holdProgress,
  holdWindow,
} from "./detainer-clock.js";
export {
  type DetainerEvent,
  type DetainerForm,
  type DetainerState,
  type DetainerStatus,
  transitionDetainer,
} from "./detainer-lifecycle.js";
export { DETAINER_ACTIONS_BY_ROLE, type DetainerActionType } from "./detainer-roles.js";
export { IllegalTransitionError } from "./domain-error.js";
export {
  type ActivationEvent,
  type JurisdictionActivation,
  transitionJurisdiction,
} from "./jurisdiction-activation.js";
export { openingFinger } from "./opening-finger.js";
export type { PriorityAssessment, PriorityInput, RuleSetId } from "./priority-levels.js";
