/**
 * Text of the traditional encoding. A field's bytes are decoded as UTF-8 when they are valid UTF-8
 * (which includes plain ASCII) and otherwise as Latin-1, one character per byte; encoding applies the
 * same choice in reverse, so decoding then encoding gives back the original bytes either way.
 */

const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

// String.fromCharCode over a typed array is the fastest way to build short strings and maps every
// byte to the code point of the same value, which is exactly Latin-1.
const CHUNK = 8192;

export function decodeLatin1(bytes: Uint8Array): string {
  if (bytes.length <= CHUNK) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  let text = "";
  for (let start = 0; start < bytes.length; start += CHUNK) {
    text += String.fromCharCode.apply(null, bytes.subarray(start, start + CHUNK) as unknown as number[]);
  }
  return text;
}

/** Decodes UTF-8; undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

export function encodeUtf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Encodes Latin-1; undefined when a character lies outside U+0000–U+00FF. */
export function encodeLatin1(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return undefined;
    bytes[i] = code;
  }
  return bytes;
}
