import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { type FormEvent, useId, useState } from "react";
import { Page } from "../../../components/page.js";
import { ErrorPanel } from "../../../components/status.js";
import { ApiProblem } from "../../../lib/api-problem.js";
import { ROLE_NAMES } from "../../../lib/roles.js";
import { signIn, takeSignOutReason } from "../../../lib/session.js";
import { useDemoCredentials } from "../api/get-demo-credentials.js";
import { identify, meQuery } from "../api/get-me.js";

/** Paste an API key (or, in the demo only, pick a role's key); the hub says who it is. */
export function SignInPage() {
  const [reason] = useState(takeSignOutReason);
  const [apiKey, setApiKey] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const search = useSearch({ strict: false }) as { redirect?: string };
  const demo = useDemoCredentials();
  const keyId = useId();

  async function use(key: string) {
    setBusy(true);
    setError(undefined);
    try {
      const me = await identify(key);
      queryClient.clear();
      signIn(key);
      queryClient.setQueryData(meQuery.queryKey, me);
      await navigate({ to: search.redirect?.startsWith("/") ? search.redirect : "/" });
    } catch (caught) {
      setError(
        caught instanceof ApiProblem && caught.status === 401
          ? new Error("The hub does not know this API key, or it was revoked. Check it and try again.")
          : caught,
      );
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (apiKey.trim() === "") {
      setError(new Error("Paste the API key your agency was issued."));
      return;
    }
    void use(apiKey);
  }

  return (
    <Page title="Sign in" subtitle="Tenprint acts for one agency and role per API key.">
      {reason ? (
        <div className="notice notice--warn" role="alert">
          {reason}
        </div>
      ) : null}
      <div className="sign-in">
        <form className="card sign-in__form" onSubmit={submit} noValidate>
          <label htmlFor={keyId}>API key</label>
          <input
            id={keyId}
            name="apiKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
            aria-describedby={`${keyId}-help`}
          />
          <p id={`${keyId}-help`} className="hint">
            Issued with <code>tenprint keys issue</code>. Kept in this tab only, until you sign out or close
            it.
          </p>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Checking…" : "Sign in"}
          </button>
          {error ? <ErrorPanel error={error} title="Not signed in" /> : null}
        </form>
        {demo.data ? (
          <section className="card sign-in__demo" aria-labelledby="demo-heading">
            <h2 id="demo-heading">Sign in as (demo)</h2>
            <p className="hint">
              <code>tenprint demo</code> issued one key per role. Every person, record and print is synthetic.
            </p>
            <ul className="demo-roles">
              {demo.data.credentials.map((credential) => (
                <li key={credential.apiKey}>
                  <button
                    type="button"
                    className="button button--block"
                    disabled={busy}
                    onClick={() => void use(credential.apiKey)}
                  >
                    <span className="demo-roles__role">{ROLE_NAMES[credential.role]}</span>
                    <span className="demo-roles__agency">
                      {credential.agency ? `${credential.agency} · ` : ""}
                      {credential.ori}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
      <p className="hint">
        No key? The <Link to="/ebts-viewer">EBTS file viewer</Link> works without signing in.
      </p>
    </Page>
  );
}
