import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  binaryRecordLength,
  NistError,
  type NistRecord,
  type NistTransaction,
  parseTransaction,
  serializeTransaction,
} from "../src/index.js";
import { concat, firstDifference, fixtureFiles } from "./an2k-fixtures.js";
import { hasSharedData, readShared, SHARED_FINGERPRINTS } from "./shared-data.js";

/** A well-formed file and where its records start, so mutations can aim at LEN and CNT. */
interface Seed {
  readonly bytes: Uint8Array;
  readonly recordStarts: readonly number[];
  readonly binary: readonly boolean[];
}

function seedOf(bytes: Uint8Array): Seed {
  const transaction = parseTransaction(bytes);
  const recordStarts: number[] = [];
  let position = 0;
  for (const record of transaction.records) {
    recordStarts.push(position);
    position += recordLength(record, bytes, position);
  }
  return { bytes, recordStarts, binary: transaction.records.map((record) => record.kind === "binary") };
}

function recordLength(record: NistRecord, bytes: Uint8Array, start: number): number {
  if (record.kind === "binary") return binaryRecordLength(record);
  const colon = bytes.indexOf(0x3a, start);
  const separator = bytes.subarray(colon).findIndex((code) => code === 0x1d || code === 0x1c);
  return Number(new TextDecoder().decode(bytes.subarray(colon + 1, colon + separator)));
}

type Mutate = (seed: Seed) => Uint8Array;

const encoder = new TextEncoder();
const SEPARATORS = [0x1c, 0x1d, 0x1e, 0x1f, 0x3a, 0x2e];

function replaceRange(bytes: Uint8Array, from: number, to: number, insert: Uint8Array): Uint8Array {
  return concat([bytes.subarray(0, from), insert, bytes.subarray(to)]);
}

/** The byte range of the digits of the tagged LEN at `start`. */
function lenDigits(bytes: Uint8Array, start: number): [number, number] {
  const from = bytes.indexOf(0x3a, start) + 1;
  let to = from;
  while (to < bytes.length && bytes[to] !== 0x1d && bytes[to] !== 0x1c) to++;
  return [from, to];
}

const mutations: fc.Arbitrary<Mutate> = fc.oneof(
  fc.nat().map<Mutate>((n) => (seed) => seed.bytes.subarray(0, n % seed.bytes.length)),
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })
    .map<Mutate>((flips) => (seed) => {
      const out = seed.bytes.slice();
      for (const [at, value] of flips) out[at % out.length] = value;
      return out;
    }),
  fc.tuple(fc.nat(), fc.nat(), fc.nat()).map<Mutate>(([head, pick, flips]) => (seed) => {
    // Flip bytes near the start, where the tags, LENs and CNT are dense.
    const out = seed.bytes.slice();
    const span = Math.min(out.length, 400);
    out[head % span] = (out[head % span] as number) ^ (1 << (flips % 8));
    out[pick % span] = SEPARATORS[pick % SEPARATORS.length] as number;
    return out;
  }),
  fc.tuple(fc.nat(), fc.nat()).map<Mutate>(([nth, kind]) => (seed) => {
    const wanted = SEPARATORS[kind % SEPARATORS.length] as number;
    const positions: number[] = [];
    for (let i = 0; i < Math.min(seed.bytes.length, 4096); i++)
      if (seed.bytes[i] === wanted) positions.push(i);
    const at = positions.length === 0 ? 0 : (positions[nth % positions.length] as number);
    return replaceRange(seed.bytes, at, at + 1, new Uint8Array(0));
  }),
  fc.tuple(fc.nat(), fc.nat()).map<Mutate>(([at, kind]) => (seed) => {
    const where = at % seed.bytes.length;
    return replaceRange(
      seed.bytes,
      where,
      where,
      Uint8Array.of(SEPARATORS[kind % SEPARATORS.length] as number),
    );
  }),
  fc
    .tuple(
      fc.nat(),
      fc.oneof(fc.integer({ min: -40, max: 40 }), fc.constantFrom(0, 1, 99_999_999_999, 4_294_967_295, -1e6)),
    )
    .map<Mutate>(([pick, delta]) => (seed) => {
      const index = pick % seed.recordStarts.length;
      const start = seed.recordStarts[index] as number;
      if (seed.binary[index]) {
        const out = seed.bytes.slice();
        const view = new DataView(out.buffer);
        const length = view.getUint32(start);
        view.setUint32(
          start,
          Math.abs(delta) > 1000 ? Math.abs(delta) % 2 ** 32 : Math.max(0, length + delta),
        );
        return out;
      }
      const [from, to] = lenDigits(seed.bytes, start);
      const length = Number(new TextDecoder().decode(seed.bytes.subarray(from, to)));
      const wrong = Math.abs(delta) > 1000 ? Math.abs(delta) : Math.max(0, length + delta);
      return replaceRange(seed.bytes, from, to, encoder.encode(String(wrong)));
    }),
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom("1\x1f9", "2\x1f00", "4\x1f01", "14\x1f03", "9\x1f99", "1\x1f0", "", "7"),
    )
    .map<Mutate>(([pick, text]) => (seed) => {
      // Rewrite one subfield of 1.003 CNT: wrong count, wrong type, wrong IDC, or missing items.
      const cnt = seed.bytes
        .subarray(0, 400)
        .indexOf(0x3a, seed.bytes.indexOf(0x1d, seed.bytes.indexOf(0x1d) + 1));
      let from = cnt + 1;
      const subfields: [number, number][] = [];
      for (let i = from; i < seed.bytes.length; i++) {
        const code = seed.bytes[i];
        if (code === 0x1e || code === 0x1d || code === 0x1c) {
          subfields.push([from, i]);
          from = i + 1;
          if (code !== 0x1e) break;
        }
      }
      const [start, end] = subfields[pick % subfields.length] ?? [0, 0];
      return replaceRange(seed.bytes, start, end, encoder.encode(text));
    }),
  fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 64 })).map<Mutate>(([from, to, size]) => (seed) => {
    const source = from % seed.bytes.length;
    const at = to % seed.bytes.length;
    return replaceRange(seed.bytes, at, at, seed.bytes.slice(source, source + size));
  }),
);

interface Tally {
  parsed: number;
  codes: Map<string, number>;
}

/** Every outcome is a transaction or a NistError; accepted files must also write and read back stably. */
function checkOutcome(bytes: Uint8Array, tally: Tally): void {
  let transaction: NistTransaction;
  try {
    transaction = parseTransaction(bytes);
  } catch (error) {
    if (!(error instanceof NistError)) throw error;
    tally.codes.set(error.code, (tally.codes.get(error.code) ?? 0) + 1);
    return;
  }
  tally.parsed++;
  const written = serializeTransaction(transaction);
  expect(firstDifference(serializeTransaction(parseTransaction(written)), written)).toBe(-1);
}

function fuzz(seeds: readonly Seed[], numRuns: number): Tally {
  const tally: Tally = { parsed: 0, codes: new Map() };
  fc.assert(
    fc.property(fc.nat(), mutations, (pick, mutate) => {
      checkOutcome(mutate(seeds[pick % seeds.length] as Seed), tally);
    }),
    { numRuns },
  );
  return tally;
}

describe("mutated transactions parse or fail with a NistError", () => {
  it("holds for 12,000 mutations of the built files", () => {
    const tally = fuzz(
      fixtureFiles().map((file) => seedOf(file.bytes)),
      12_000,
    );
    // The mutations must reach both outcomes and many distinct failures, or the test proves little.
    expect(tally.parsed).toBeGreaterThan(100);
    expect([...tally.codes.keys()].sort()).toEqual(
      expect.arrayContaining([
        "BAD_COUNT",
        "BAD_LENGTH",
        "BAD_SEPARATOR",
        "BAD_TAG",
        "BAD_VALUE",
        "TRUNCATED",
      ]),
    );
  });
});

describe("random bytes parse or fail with a NistError", () => {
  it("holds for 3,000 random files, most of them starting like a Type-1 record", () => {
    const tally: Tally = { parsed: 0, codes: new Map() };
    const prefixes = ["", "1.001:", "1.001:40\x1d1.002:0500\x1d1.003:1\x1f1\x1e", "1.01:9\x1c"];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 300 }), (prefix, tail) => {
        checkOutcome(concat([encoder.encode(prefix), tail]), tally);
      }),
      { numRuns: 3_000 },
    );
    expect(tally.codes.size).toBeGreaterThan(2);
  });
});

describe.skipIf(!hasSharedData)("mutated NBIS files parse or fail with a NistError", () => {
  it("holds for 2,000 mutations of the NBIS test files", () => {
    const dir = "nbis-an2k-testdata";
    const names = readdirSync(join(SHARED_FINGERPRINTS, dir)).filter((name) => name.endsWith(".an2"));
    const tally = fuzz(
      names.map((name) => seedOf(readShared(join(dir, name)))),
      2_000,
    );
    expect(tally.codes.size).toBeGreaterThan(3);
  });
});
