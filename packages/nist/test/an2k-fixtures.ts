/**
 * Transaction files assembled byte by byte, independently of the library's writer, so that parser tests
 * and the fuzz corpus do not depend on the code under test.
 */

export const FS = "\x1c";
export const GS = "\x1d";
export const RS = "\x1e";
export const US = "\x1f";

const encoder = new TextEncoder();

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The first offset where two byte strings differ (the shorter length when one is a prefix), or -1. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : common;
}

/** Deterministic bytes (a small LCG) that include every separator value, as real image data does. */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

type FieldValue = string | Uint8Array;

/** A tagged record with the given fields after x.001; LEN is computed here. */
export function taggedRecord(
  type: number,
  fields: readonly (readonly [string, FieldValue])[],
  lenTag?: string,
): Uint8Array {
  const body = concat([
    ...fields.flatMap(([tag, value]) => [
      encoder.encode(`${GS}${tag}:`),
      typeof value === "string" ? encoder.encode(value) : value,
    ]),
    encoder.encode(FS),
  ]);
  const prefix = `${lenTag ?? `${type}.001`}:`;
  let length = prefix.length + body.length + 1;
  while (prefix.length + String(length).length + body.length !== length) length++;
  return concat([encoder.encode(`${prefix}${length}`), body]);
}

/** A binary record: 4-byte big-endian LEN, the header bytes, then the data. */
export function binaryRecord(header: readonly number[], data: Uint8Array): Uint8Array {
  const length = 4 + header.length + data.length;
  return concat([
    Uint8Array.of(length >>> 24, (length >>> 16) & 255, (length >>> 8) & 255, length & 255, ...header),
    data,
  ]);
}

export interface FixtureRecord {
  readonly type: number;
  readonly idc: string;
  readonly bytes: Uint8Array;
}

/** A whole transaction: a Type-1 record whose CNT lists `records`, followed by them. */
export function transactionFile(
  version: string,
  records: readonly FixtureRecord[],
  options: { oldTags?: boolean; extraTypeOne?: readonly (readonly [string, string])[] } = {},
): Uint8Array {
  const tag = (field: number) =>
    options.oldTags ? `1.${String(field).padStart(2, "0")}` : `1.${String(field).padStart(3, "0")}`;
  const contents = [
    `1${US}${records.length}`,
    ...records.map((record) => `${record.type}${US}${record.idc}`),
  ].join(RS);
  const typeOne = taggedRecord(
    1,
    [
      [tag(2), version],
      [tag(3), contents],
      [tag(4), "CAR"],
      [tag(5), "20260101"],
      [tag(7), "WVIAFIS0Z"],
      [tag(8), "WV0000000"],
      [tag(9), "TCN-0001"],
      [tag(11), "19.69"],
      [tag(12), "19.69"],
      ...(options.extraTypeOne ?? []),
    ],
    tag(1),
  );
  return concat([typeOne, ...records.map((record) => record.bytes)]);
}

function imageHeader(idc: number, fgp: number, hll: number, vll: number, cga: number): number[] {
  return [idc, 1, fgp, 255, 255, 255, 255, 255, 1, hll >> 8, hll & 255, vll >> 8, vll & 255, cga];
}

function typeTwo(idc: string, name: FieldValue): FixtureRecord {
  return {
    type: 2,
    idc,
    bytes: taggedRecord(2, [
      ["2.002", idc],
      ["2.005", "Y"],
      ["2.018", name],
      ["2.047", `20250101${US}0102${RS}20240202${US}2399`],
      ["2.073", ""],
    ]),
  };
}

function imageRecord(
  type: number,
  idc: string,
  extra: readonly (readonly [string, string])[],
  seed: number,
): FixtureRecord {
  const fields: (readonly [string, FieldValue])[] = [
    [`${type}.002`, idc],
    ...extra,
    [`${type}.999`, pseudoRandomBytes(300 + seed * 7, seed)],
  ];
  return { type, idc, bytes: taggedRecord(type, fields) };
}

/** Files covering every record layout, the 2007–2015 versions, old tag spellings and both text encodings. */
export function fixtureFiles(): { name: string; bytes: Uint8Array }[] {
  const latin1Name = concat([
    encoder.encode("M"),
    Uint8Array.of(0xfc),
    encoder.encode("LLER,JOS"),
    Uint8Array.of(0xc9),
  ]);
  return [
    {
      name: "v0500 tenprint (types 2, 4, 9, 14)",
      bytes: transactionFile("0500", [
        typeTwo("00", "MÜLLER,JOSÉ"),
        { type: 4, idc: "01", bytes: binaryRecord(imageHeader(1, 1, 16, 12, 1), pseudoRandomBytes(192, 4)) },
        {
          type: 9,
          idc: "02",
          bytes: taggedRecord(9, [
            ["9.002", "02"],
            ["9.003", "0"],
            ["9.004", "U"],
            ["9.012", [`001${US}12340567${US}090${US}A`, `002${US}22330456${US}180${US}B`].join(RS)],
          ]),
        },
        imageRecord(
          14,
          "03",
          [
            ["14.003", "0"],
            ["14.013", `1${US}255`],
          ],
          3,
        ),
      ]),
    },
    {
      name: "v0400 mixed (types 2, 7, 8, 10, 13)",
      bytes: transactionFile("0400", [
        typeTwo("00", "DOE,JOHN"),
        { type: 7, idc: "01", bytes: binaryRecord([1], pseudoRandomBytes(57, 7)) },
        { type: 8, idc: "02", bytes: binaryRecord([2, 0, 0, 1, 0, 40, 0, 10], pseudoRandomBytes(400, 8)) },
        imageRecord(10, "03", [["10.003", "FACE"]], 10),
        imageRecord(13, "04", [["13.003", "4"]], 13),
      ]),
    },
    {
      name: "v0502 legacy binaries and other tagged types (3, 5, 6, 15, 17, 98, 99)",
      bytes: transactionFile("0502", [
        typeTwo("00", latin1Name),
        { type: 3, idc: "01", bytes: binaryRecord(imageHeader(1, 2, 8, 8, 0), pseudoRandomBytes(64, 3)) },
        { type: 5, idc: "02", bytes: binaryRecord(imageHeader(2, 3, 8, 8, 0), pseudoRandomBytes(20, 5)) },
        { type: 6, idc: "03", bytes: binaryRecord(imageHeader(3, 4, 8, 8, 1), pseudoRandomBytes(30, 6)) },
        imageRecord(15, "04", [["15.003", "22"]], 15),
        imageRecord(17, "05", [["17.003", "1"]], 17),
        {
          type: 98,
          idc: "06",
          bytes: taggedRecord(98, [
            ["98.002", "06"],
            ["98.003", "ORG"],
            ["98.900", `A${US}B`],
          ]),
        },
        imageRecord(99, "07", [["99.100", "0101"]], 99),
      ]),
    },
    {
      name: "v0201 with two-digit tag spellings",
      bytes: transactionFile(
        "0201",
        [
          typeTwo("00", "SMITH,TOM"),
          {
            type: 9,
            idc: "01",
            bytes: taggedRecord(
              9,
              [
                ["9.02", "01"],
                ["9.03", "0"],
                ["9.04", "S"],
              ],
              "9.01",
            ),
          },
        ],
        { oldTags: true },
      ),
    },
    {
      name: "v0300 Type-1 only",
      bytes: transactionFile("0300", [], { extraTypeOne: [["1.015", `1${US}ASCII`]] }),
    },
  ];
}
