import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GrayImage } from "../src/image/gray-image.js";
import { decodeWsq } from "../src/wsq/wsq-decoder.js";
import { encodeWsq } from "../src/wsq/wsq-encoder.js";
import { WsqError } from "../src/wsq/wsq-error.js";
import { syntheticPrint } from "./wsq-fixtures.js";

const streams = [
  encodeWsq(syntheticPrint(96, 80, 3), { bitrate: 0.75 }),
  encodeWsq(syntheticPrint(81, 100, 5), { bitrate: 2.25, comment: "robustness base" }),
];

/** Everything before the first block's data: the part where parsing decisions are made. */
function headerLength(stream: Uint8Array): number {
  return Buffer.from(stream).indexOf(Buffer.from([0xff, 0xa3])) + 5;
}

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "overwrite"; edits: Array<[number, number]>; headerOnly: boolean }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "delete"; at: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("overwrite" as const),
    edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
    headerOnly: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 40 }) }),
);

function apply(stream: Uint8Array, m: Mutation): Uint8Array {
  switch (m.kind) {
    case "truncate":
      return stream.slice(0, m.at % stream.length);
    case "overwrite": {
      const copy = stream.slice();
      const range = m.headerOnly ? headerLength(stream) : stream.length;
      for (const [at, value] of m.edits) copy[at % range] = value;
      return copy;
    }
    case "insert": {
      const at = m.at % stream.length;
      return new Uint8Array([...stream.subarray(0, at), ...m.bytes, ...stream.subarray(at)]);
    }
    case "delete": {
      const at = m.at % stream.length;
      return new Uint8Array([...stream.subarray(0, at), ...stream.subarray(at + m.count)]);
    }
  }
}

function outcome(bytes: Uint8Array): GrayImage | WsqError {
  try {
    return decodeWsq(bytes);
  } catch (error) {
    if (error instanceof WsqError) return error;
    throw error;
  }
}

describe("decodeWsq on damaged streams", () => {
  it("returns a well-formed image or throws WsqError for every mutated or truncated stream", () => {
    const seen = { images: 0, errors: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: streams.length - 1 }), mutation, (which, m) => {
        const result = outcome(apply(streams[which]!, m));
        if (result instanceof WsqError) {
          seen.errors++;
          expect(result.message).toMatch(/^WSQ /);
          expect(result.message).not.toMatch(/could not be decoded/);
        } else {
          seen.images++;
          expect(result.pixels.length).toBe(result.width * result.height);
        }
      }),
      { numRuns: 4000 },
    );
    expect(seen.errors).toBeGreaterThan(0);
    expect(seen.images).toBeGreaterThan(0);
  });

  it("names the offset where a truncated stream ends", () => {
    const stream = streams[0]!;
    const cut = stream.slice(0, 300);
    const error = outcome(cut);
    expect(error).toBeInstanceOf(WsqError);
    expect((error as WsqError).offset).toBeLessThanOrEqual(300);
    expect((error as WsqError).message).toMatch(/at byte \d+/);
  });

  it("rejects random bytes that start with SOI", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (tail) => {
        expect(outcome(new Uint8Array([0xff, 0xa0, ...tail]))).toBeInstanceOf(WsqError);
      }),
      { numRuns: 500 },
    );
  });
});
