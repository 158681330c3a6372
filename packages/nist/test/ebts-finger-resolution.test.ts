import { describe, expect, it } from "vitest";
import {
  type BinaryRecord,
  declaredFingerResolution,
  type NistTransaction,
  type TaggedRecord,
  textField,
} from "../src/index.js";

function typeOne(nsr: string, ntr: string): TaggedRecord {
  return {
    kind: "tagged",
    type: 1,
    fields: [textField(4, "CAR"), textField(11, nsr), textField(12, ntr)],
  };
}

function type4(isr: number): BinaryRecord {
  return {
    kind: "binary",
    type: 4,
    header: { IDC: 1, IMP: 1, FGP: [2, 255, 255, 255, 255, 255], ISR: isr, HLL: 2, VLL: 2, CGA: 0 },
    data: new Uint8Array(4),
  };
}

function type14(slc: string, thps: string, tvps: string): TaggedRecord {
  return {
    kind: "tagged",
    type: 14,
    fields: [textField(8, slc), textField(9, thps), textField(10, tvps)],
  };
}

const at = (record: BinaryRecord | TaggedRecord, header = typeOne("39.37", "39.37")) =>
  declaredFingerResolution(record, { records: [header, record] } satisfies NistTransaction);

describe("declaredFingerResolution", () => {
  it("reads a Type-4 image at the minimum resolution (ISR 0) or the Type-1 native one (ISR 1)", () => {
    expect(at(type4(0))).toEqual({ horizontal: 500, vertical: 500 });
    expect(at(type4(1))).toEqual({ horizontal: 1000, vertical: 1000 });
    // No native resolution stated: the transmitting resolution, then the minimum.
    expect(at(type4(1), typeOne("00.00", "39.37"))).toEqual({ horizontal: 1000, vertical: 1000 });
    expect(at(type4(1), typeOne("", ""))).toEqual({ horizontal: 500, vertical: 500 });
  });

  it("reads a Type-14 image by SLC: pixels per inch, per centimetre, or only an aspect ratio", () => {
    expect(at(type14("1", "1000", "1000"))).toEqual({ horizontal: 1000, vertical: 1000 });
    expect(at(type14("2", "197", "197"))).toEqual({ horizontal: 500, vertical: 500 });
    expect(at(type14("2", "394", "394"))).toEqual({ horizontal: 1001, vertical: 1001 });
    expect(at(type14("0", "1", "1"))).toEqual({ horizontal: 500, vertical: 500 });
    expect(at(type14("1", "500", "1000"))).toEqual({ horizontal: 500, vertical: 1000 });
  });

  it("declares nothing for records without a finger image", () => {
    expect(at(typeOne("19.69", "19.69"))).toBeUndefined();
    expect(at({ kind: "tagged", type: 2, fields: [] })).toBeUndefined();
  });
});
