import { Link, Navigate } from "@tanstack/react-router";
import { Page } from "../components/page.js";
import { ErrorPanel, Loading } from "../components/status.js";
import { useMe } from "../features/sign-in/api/get-me.js";
import { ROLE_NAMES } from "../lib/roles.js";
import { navigationFor } from "./navigation.js";

/** Where a role starts: its main view when it has one, otherwise the views it may use. */
export function HomePage() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorPanel error={me.error} />;
  const items = navigationFor(me.data);
  const [first] = items;
  if (first && first.to !== "/ebts-viewer") return <Navigate to={first.to} replace />;
  return (
    <Page
      title={me.data.agency?.name ?? me.data.ori}
      subtitle={`${ROLE_NAMES[me.data.role]} · ${me.data.ori}`}
    >
      <ul className="cards">
        {items.map((item) => (
          <li key={item.to} className="card">
            <h2>
              <Link to={item.to}>{item.label}</Link>
            </h2>
            <p>{item.description}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
