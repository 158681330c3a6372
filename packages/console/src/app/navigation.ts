import type { Me } from "../lib/api/types.js";
import { can, type Operation } from "../lib/capabilities.js";

/** A view of the console and the operation that decides whether the signed-in role gets it. */
export interface NavItem {
  readonly to:
    | "/submit"
    | "/bookings"
    | "/lesc/queue"
    | "/ero/reviews"
    | "/detainers"
    | "/pmo/map"
    | "/pmo/statistics"
    | "/audit"
    | "/ebts-viewer";
  readonly label: string;
  readonly description: string;
  readonly needs?: Operation;
}

/** In menu order; a role starts on the first it may use (home-page.tsx), so each role's main view comes first. */
export const NAV_ITEMS: readonly NavItem[] = [
  {
    to: "/lesc/queue",
    label: "LESC queue",
    description: "IDENT matches waiting for a status determination, oldest first.",
    needs: "GET /v1/lesc/queue",
  },
  {
    to: "/ero/reviews",
    label: "ERO reviews",
    description: "IARs routed to this field office: the priority level and its inputs; issue or decline.",
    needs: "GET /v1/ero/reviews",
  },
  {
    to: "/audit",
    label: "Audit log",
    description: "The hash-chained audit log: filter, one object's history, verify the chain.",
    needs: "GET /v1/audit",
  },
  {
    to: "/bookings",
    label: "Bookings",
    description: "Bookings, their state and every response message.",
    needs: "GET /v1/transactions",
  },
  {
    to: "/submit",
    label: "Submit booking",
    description: "Send an EBTS booking file (CAR or CNA) by drag and drop.",
    needs: "POST /v1/transactions",
  },
  {
    to: "/pmo/map",
    label: "Deployment map",
    description: "Every US county by activation status, receipt opt-outs marked; schedule, defer, activate.",
    needs: "GET /v1/jurisdictions",
  },
  {
    to: "/pmo/statistics",
    label: "Statistics",
    description: "Bookings, SRE idents, IDENT matches, IAQ, IAR and detainers by month and by state.",
    needs: "GET /v1/stats",
  },
  {
    to: "/detainers",
    label: "Detainers",
    description: "Detainers this agency is party to, the live 48-hour hold clock and the next actions.",
    needs: "GET /v1/detainers",
  },
  {
    to: "/ebts-viewer",
    label: "EBTS viewer",
    description: "Open a local EBTS or ANSI/NIST file: records, fields, problems and images.",
  },
];

/** The views the key's role may use, in menu order. */
export function navigationFor(me: Pick<Me, "operations"> | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.needs || can(me, item.needs));
}
