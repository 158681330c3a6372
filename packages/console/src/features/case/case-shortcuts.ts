/**
 * The case page's keyboard shortcuts. Letters act only when focus is not in a text field, so typing a
 * note never jumps to another case. Pure: the page maps an action to what it does.
 */
export type CaseAction = "next" | "previous" | "confirm" | "note" | "nextFinger" | "previousFinger";

export const SHORTCUTS: readonly {
  readonly keys: string;
  readonly action: CaseAction;
  readonly does: string;
}[] = [
  { keys: "J", action: "next", does: "next case in the queue" },
  { keys: "K", action: "previous", does: "previous case" },
  { keys: "C", action: "confirm", does: "confirm the proposed status" },
  { keys: "N", action: "note", does: "write a note (to change the status)" },
  { keys: "] / [", action: "nextFinger", does: "next / previous finger" },
];

const KEYS: Record<string, CaseAction> = {
  j: "next",
  k: "previous",
  c: "confirm",
  n: "note",
  "]": "nextFinger",
  "[": "previousFinger",
};

export interface KeyInput {
  readonly key: string;
  readonly ctrlKey?: boolean;
  readonly metaKey?: boolean;
  readonly altKey?: boolean;
  /** Tag name of the focused element (INPUT, TEXTAREA, SELECT, …). */
  readonly targetTag?: string;
  readonly targetEditable?: boolean;
}

export function caseShortcut(input: KeyInput): CaseAction | undefined {
  if (input.ctrlKey || input.metaKey || input.altKey) return undefined;
  const tag = input.targetTag?.toUpperCase();
  if (input.targetEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return undefined;
  return KEYS[input.key.toLowerCase()];
}

/** The cases before and after `current` in queue order; after the last comes nothing. */
export function neighbours(
  order: readonly string[],
  current: string,
): { previous: string | undefined; next: string | undefined } {
  const index = order.indexOf(current);
  if (index < 0) return { previous: undefined, next: order[0] };
  return { previous: order[index - 1], next: order[index + 1] };
}
