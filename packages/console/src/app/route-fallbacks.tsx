import { Link } from "@tanstack/react-router";
import { Page } from "../components/page.js";
import { ErrorPanel } from "../components/status.js";

export function RouteError({ error }: { error: unknown }) {
  return (
    <Page title="This page could not be shown">
      <ErrorPanel error={error} />
      <p>
        <Link to="/">Back to the start page</Link>
      </p>
    </Page>
  );
}

export function RouteNotFound() {
  return (
    <Page title="Page not found">
      <p>There is no page at this address.</p>
      <p>
        <Link to="/">Back to the start page</Link>
      </p>
    </Page>
  );
}
