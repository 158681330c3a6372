/** A storage failure the caller can act on: a failed migration, a missing database, a lost race. */
export class StorageError extends Error {
  override name = "StorageError";
}

/** The row changed under us (optimistic version check): reload and retry the transition. */
export class ConcurrentUpdateError extends StorageError {
  override name = "ConcurrentUpdateError";
}
