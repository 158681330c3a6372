import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from "@tanstack/react-router";
import { prefetchCase } from "../features/case/api/prefetch-case.js";
import { prefetchMap } from "../features/pmo-map/api/prefetch-map.js";
import { meQuery } from "../features/sign-in/api/get-me.js";
import { queryClient } from "../lib/query-client.js";
import { currentApiKey } from "../lib/session.js";
import { AppLayout } from "./layout.js";
import { RouteError, RouteNotFound } from "./route-fallbacks.js";
import { parseBookingsSearch } from "./search-params.js";

/**
 * The console's routes. Every view is its own chunk (lazyRouteComponent), so the shell stays small;
 * loaders warm the same queries the views use. Routes under `app` need a key: without one they send
 * the user to sign-in, remembering where they were going (a path, never a key).
 */
const root = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: AppLayout,
  errorComponent: RouteError,
  notFoundComponent: RouteNotFound,
});

const signIn = createRoute({
  getParentRoute: () => root,
  path: "/sign-in",
  validateSearch: (search: Record<string, unknown>) =>
    typeof search.redirect === "string" ? { redirect: search.redirect } : {},
  component: lazyRouteComponent(() => import("../features/sign-in/components/sign-in-page.js"), "SignInPage"),
});

const ebtsViewer = createRoute({
  getParentRoute: () => root,
  path: "/ebts-viewer",
  component: lazyRouteComponent(
    () => import("../features/ebts-viewer/components/viewer-page.js"),
    "ViewerPage",
  ),
});

const app = createRoute({
  getParentRoute: () => root,
  id: "app",
  beforeLoad: ({ location }) => {
    if (!currentApiKey()) throw redirect({ to: "/sign-in", search: { redirect: location.href } });
  },
  loader: ({ context }) => context.queryClient.ensureQueryData(meQuery),
  component: Outlet,
});

const home = createRoute({
  getParentRoute: () => app,
  path: "/",
  component: lazyRouteComponent(() => import("./home-page.js"), "HomePage"),
});

const bookings = createRoute({
  getParentRoute: () => app,
  path: "/bookings",
  validateSearch: parseBookingsSearch,
  component: lazyRouteComponent(
    () => import("../features/bookings/components/bookings-page.js"),
    "BookingsPage",
  ),
});

const booking = createRoute({
  getParentRoute: () => app,
  path: "/bookings/$transactionId",
  component: lazyRouteComponent(
    () => import("../features/booking/components/booking-page.js"),
    "BookingPage",
  ),
});

const submit = createRoute({
  getParentRoute: () => app,
  path: "/submit",
  component: lazyRouteComponent(
    () => import("../features/submit-booking/components/submit-page.js"),
    "SubmitPage",
  ),
});

const lescQueue = createRoute({
  getParentRoute: () => app,
  path: "/lesc/queue",
  component: lazyRouteComponent(() => import("../features/lesc-queue/components/queue-page.js"), "QueuePage"),
});

const lescCase = createRoute({
  getParentRoute: () => app,
  path: "/lesc/cases/$transactionId",
  // Not on a hover's preload: reading a case's prints is an audited disclosure, made only when it opens.
  loader: ({ context, params, preload }) => {
    if (!preload) prefetchCase(context.queryClient, params.transactionId);
  },
  component: lazyRouteComponent(() => import("../features/case/components/case-page.js"), "CasePage"),
});

const eroReviews = createRoute({
  getParentRoute: () => app,
  path: "/ero/reviews",
  component: lazyRouteComponent(
    () => import("../features/ero-reviews/components/reviews-page.js"),
    "ReviewsPage",
  ),
});

const detainers = createRoute({
  getParentRoute: () => app,
  path: "/detainers",
  component: lazyRouteComponent(
    () => import("../features/detainers/components/detainers-page.js"),
    "DetainersPage",
  ),
});

const audit = createRoute({
  getParentRoute: () => app,
  path: "/audit",
  component: lazyRouteComponent(() => import("../features/audit-log/components/audit-page.js"), "AuditPage"),
});

const pmoMap = createRoute({
  getParentRoute: () => app,
  path: "/pmo/map",
  loader: ({ context }) => prefetchMap(context.queryClient),
  component: lazyRouteComponent(() => import("../features/pmo-map/components/map-page.js"), "MapPage"),
});

const pmoStatistics = createRoute({
  getParentRoute: () => app,
  path: "/pmo/statistics",
  component: lazyRouteComponent(
    () => import("../features/programme-stats/components/statistics-page.js"),
    "StatisticsPage",
  ),
});

const routeTree = root.addChildren([
  signIn,
  ebtsViewer,
  app.addChildren([
    home,
    bookings,
    booking,
    submit,
    lescQueue,
    lescCase,
    eroReviews,
    detainers,
    audit,
    pmoMap,
    pmoStatistics,
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: "intent",
  // Queries own the caching; the router only starts them.
  defaultPreloadStaleTime: 0,
  scrollRestoration: true,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
