import { ApiProblem, HubUnreachable } from "./api-problem.js";

interface BlobOutcome {
  data?: Blob;
  error?: unknown;
  response: Response;
}

/** A binary response, null on 404, an ApiProblem otherwise. */
export async function blobOrNull(call: Promise<BlobOutcome>): Promise<Blob | null> {
  let outcome: BlobOutcome;
  try {
    outcome = await call;
  } catch (error) {
    throw new HubUnreachable(error);
  }
  const { data, error, response } = outcome;
  if (response.status === 404) return null;
  if (!response.ok || !data)
    throw new ApiProblem(
      response.status,
      error as ConstructorParameters<typeof ApiProblem>[1],
      response.statusText,
    );
  return data;
}
