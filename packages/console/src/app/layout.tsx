import { useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import { useEffect, useSyncExternalStore } from "react";
import { useMe } from "../features/sign-in/api/get-me.js";
import { ROLE_NAMES } from "../lib/roles.js";
import { currentApiKey, onSessionChange, signOut } from "../lib/session.js";
import { navigationFor } from "./navigation.js";

function useSignedIn(): boolean {
  return useSyncExternalStore(onSessionChange, () => currentApiKey() !== undefined);
}

/** The frame of every page: who is signed in, the views their role may use, and the page itself. */
export function AppLayout() {
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const path = useRouterState({ select: (state) => state.location.pathname });

  useEffect(
    () =>
      onSessionChange((reason) => {
        if (currentApiKey()) return;
        queryClient.clear();
        // The viewer needs no key; everything else does.
        if (reason !== undefined || !path.startsWith("/ebts-viewer")) void navigate({ to: "/sign-in" });
      }),
    [navigate, queryClient, path],
  );

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="topbar__brand">
          Tenprint
        </Link>
        <span className="topbar__synthetic" title="Every person, record and print here is synthetic">
          Synthetic data
        </span>
        {signedIn ? <SignedInBar /> : <SignedOutBar />}
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

function SignedInBar() {
  const me = useMe();
  const items = navigationFor(me.data);
  return (
    <>
      <nav className="topbar__nav" aria-label="Views">
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <Link to={item.to} activeProps={{ "aria-current": "page", className: "is-active" }}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="topbar__identity">
        {me.data ? (
          <span>
            <strong>{me.data.agency?.name ?? me.data.ori}</strong>
            <span className="topbar__role">
              {ROLE_NAMES[me.data.role]} · {me.data.ori}
            </span>
          </span>
        ) : null}
        <button type="button" className="button button--ghost" onClick={() => signOut()}>
          Sign out
        </button>
      </div>
    </>
  );
}

function SignedOutBar() {
  return (
    <>
      <nav className="topbar__nav" aria-label="Views">
        <ul>
          <li>
            <Link to="/ebts-viewer" activeProps={{ "aria-current": "page", className: "is-active" }}>
              EBTS viewer
            </Link>
          </li>
        </ul>
      </nav>
      <div className="topbar__identity">
        <Link to="/sign-in" className="button button--ghost">
          Sign in
        </Link>
      </div>
    </>
  );
}
