/** A request for synthetic fingerprints that cannot be met; `parameter` names the offending option. */
export class SynthFingerError extends Error {
  readonly parameter: string;

  constructor(parameter: string, message: string) {
    super(`${parameter}: ${message}`);
    this.name = "SynthFingerError";
    this.parameter = parameter;
  }
}
