/** Errors the services raise for a request that names something missing or out of turn; the API maps them. */
export class ServiceError extends Error {
  override name = "ServiceError";
}

/** The named object does not exist (or the caller may not know it exists). */
export class NotFoundError extends ServiceError {
  override name = "NotFoundError";
  constructor(
    readonly object: string,
    message = `${object} does not exist`,
  ) {
    super(message);
  }
}

/** The object exists but is not in a state that allows the request (already determined, closed, …). */
export class ConflictError extends ServiceError {
  override name = "ConflictError";
  constructor(
    readonly object: string,
    message: string,
  ) {
    super(message);
  }
}

/** The caller's role or agency may not do this to this object (an LEA acting on another agency's detainer). */
export class ForbiddenError extends ServiceError {
  override name = "ForbiddenError";
  constructor(
    readonly object: string,
    message: string,
  ) {
    super(message);
  }
}
