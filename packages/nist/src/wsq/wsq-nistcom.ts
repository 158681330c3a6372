/**
 * NISTCOM: the NIST comment block ("NIST_COM n" then "NAME value" lines) that NBIS writes as the first
 * COM segment of a WSQ file. It carries PPI, image size, LOSSY and the WSQ bitrate.
 */
const NISTCOM_HEADER = "NIST_COM";

/** Parses NISTCOM text into ordered (name, value) pairs; empty values are kept as "". */
export function parseNistcom(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const rawLine of text.split("\n")) {
    const line = rawLine.replace(/^[ \t]+/, "");
    if (line.trim() === "") continue;
    const match = /^([^ \t]+)[ \t]*(.*)$/.exec(line);
    if (!match) continue;
    fields.set(match[1]!, match[2]!.replace(/\r$/, ""));
  }
  return fields;
}

export function isNistcom(comment: Uint8Array): boolean {
  if (comment.length < NISTCOM_HEADER.length) return false;
  for (let i = 0; i < NISTCOM_HEADER.length; i++) {
    if (comment[i] !== NISTCOM_HEADER.charCodeAt(i)) return false;
  }
  return true;
}

/** The PPI a NISTCOM declares, or undefined when it is absent, unknown (-1) or not a number. */
export function nistcomPpi(fields: ReadonlyMap<string, string>): number | undefined {
  const value = Number.parseInt(fields.get("PPI") ?? "", 10);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

export interface NistcomImageAttributes {
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  readonly bitrate: number;
}

/**
 * The comment segments an encoder writes, in order, as NBIS cwsq does: a NISTCOM with the image
 * attributes (merged into the caller's comment when that is itself a NISTCOM), then the caller's
 * free-text comment, if any, as a second segment.
 */
export function nistcomSegments(attributes: NistcomImageAttributes, comment?: string): string[] {
  const callerNistcom = comment?.startsWith(NISTCOM_HEADER) === true;
  const fields = callerNistcom ? parseNistcom(comment!) : new Map<string, string>([[NISTCOM_HEADER, ""]]);
  const update = (name: string, value: string) => fields.set(name, value);
  update("PIX_WIDTH", String(attributes.width));
  update("PIX_HEIGHT", String(attributes.height));
  update("PIX_DEPTH", "8");
  update("PPI", String(attributes.ppi));
  update("LOSSY", "1");
  update("COLORSPACE", "GRAY");
  update("COMPRESSION", "WSQ");
  update("WSQ_BITRATE", Math.fround(attributes.bitrate).toFixed(6));
  update(NISTCOM_HEADER, String(fields.size));
  const text = Array.from(fields, ([name, value]) => `${name} ${value}`).join("\n");
  const segments = [text];
  if (comment !== undefined && comment.length > 0 && !callerNistcom) segments.push(comment);
  return segments;
}
