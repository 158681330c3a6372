/** Thrown when an image cannot be processed at all (as opposed to one without a fingerprint). */
export class ExtractionError extends Error {
  override readonly name = "ExtractionError";
  /** The image property at fault, e.g. "width", "ppi", "pixels". */
  readonly property: string;

  constructor(property: string, message: string) {
    super(`${property}: ${message}`);
    this.property = property;
  }
}
