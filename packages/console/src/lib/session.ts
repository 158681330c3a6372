/**
 * The signed-in API key. It lives in sessionStorage only: gone when the tab closes, never in a URL, a
 * cookie or a log. Listeners hear sign-in and sign-out (including "the hub refused the key").
 */
const KEY = "tenprint.apiKey";

type Listener = (reason: string | undefined) => void;
const listeners = new Set<Listener>();
let signOutReason: string | undefined;

export function currentApiKey(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function signIn(apiKey: string): void {
  sessionStorage.setItem(KEY, apiKey.trim());
  signOutReason = undefined;
  for (const listener of listeners) listener(undefined);
}

/** Forgets the key; `reason` is shown on the sign-in page (e.g. the hub refused the key). */
export function signOut(reason?: string): void {
  sessionStorage.removeItem(KEY);
  signOutReason = reason;
  for (const listener of listeners) listener(reason);
}

/** Why the last sign-out happened, once: the sign-in page shows it and it is then cleared. */
export function takeSignOutReason(): string | undefined {
  const reason = signOutReason;
  signOutReason = undefined;
  return reason;
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
