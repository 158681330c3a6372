/**
 * A template that cannot be read or written. `field` names the part of the record that is wrong and
 * `offset` the byte where it starts (−1 when the problem is not tied to a byte, e.g. on export).
 */
export class TemplateError extends Error {
  readonly field: string;
  readonly offset: number;

  constructor(field: string, offset: number, message: string) {
    super(offset >= 0 ? `${field} at byte ${offset}: ${message}` : `${field}: ${message}`);
    this.name = "TemplateError";
    this.field = field;
    this.offset = offset;
  }
}
