import { QueryClient } from "@tanstack/react-query";
import { ApiProblem } from "./api-problem.js";

/** One client for the app. A 4xx is an answer, not a glitch: it is shown, never retried. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (failures, error) => !(error instanceof ApiProblem && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});
