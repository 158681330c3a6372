import { describe, expect, it } from "vitest";
import { EnrolmentRejection, readEnrolmentRecord } from "../src/enrolment/enrolment-record.js";

/** The JSON record format of `tenprint enrol` (docs/enrolment-format.md): what it takes, and where it says no. */
const valid = {
  identity: "123456AB7",
  name: { surname: "DOE", given: "JOHN" },
  dateOfBirth: "19800131",
  sex: "M",
  prints: [{ position: 1, file: "1.ist" }, { base64: "Rk1SACAyMAA=" }],
};

function rejection(value: unknown, repository: "criminal" | "ident" = "criminal"): EnrolmentRejection {
  try {
    readEnrolmentRecord(value, repository);
  } catch (error) {
    if (error instanceof EnrolmentRejection) return error;
    throw error;
  }
  throw new Error("the record was accepted");
}

describe("enrolment record", () => {
  it("reads a criminal record, its number defaulting to the identity, prints by file and base64", () => {
    const read = readEnrolmentRecord(valid, "criminal");
    expect(read.record).toMatchObject({ identity: "123456AB7", fbiNumber: "123456AB7", synthetic: false });
    expect(read.prints).toEqual([
      { position: 1, file: "1.ist" },
      { bytes: new Uint8Array(Buffer.from("Rk1SACAyMAA=", "base64")) },
    ]);
    expect(readEnrolmentRecord({ ...valid, fin: "F1" }, "ident").record.fin).toBe("F1");
    expect("prints" in readEnrolmentRecord(valid, "ident").record).toBe(false);
  });

  it("lets an EBTS file stand in for the prints and the biographics", () => {
    const read = readEnrolmentRecord({ identity: "FIN42", ebts: "person.eft" }, "ident");
    expect(read).toMatchObject({
      ebts: "person.eft",
      prints: [],
      record: { identity: "FIN42", fin: "FIN42" },
    });
  });

  it.each([
    [{ ...valid, identity: "" }, "$.identity", /identity is required/],
    [{ ...valid, identity: "../etc" }, "$.identity", /identity/],
    [{ ...valid, nam: "typo" }, "$.nam", /unknown property/],
    [{ ...valid, name: { surname: "DOE" } }, "$.name.given", /given is required/],
    [{ ...valid, dateOfBirth: "1980-01-31" }, "$.dateOfBirth", /CCYYMMDD/],
    [{ ...valid, sex: "male" }, "$.sex", /M, F, X or U/],
    [{ ...valid, prints: [] }, "$.prints", /non-empty/],
    [{ ...valid, prints: [{ position: 11, file: "x" }] }, "$.prints[0].position", /1–10/],
    [
      {
        ...valid,
        prints: [
          { position: 2, file: "a" },
          { position: 2, file: "b" },
        ],
      },
      "$.prints[1].position",
      /twice/,
    ],
    [{ ...valid, prints: [{ file: "a", base64: "AA==" }] }, "$.prints[0]", /either file or base64/],
    [{ ...valid, prints: [{ base64: "not base64!" }] }, "$.prints[0].base64", /not base64/],
    [{ ...valid, ebts: "x.eft" }, "$.prints", /not both/],
    [{ ...valid, immigration: { recordedStatus: "LPR" } }, "$.immigration", /IDENT repository/],
    [{ ...valid, aliases: [{ surname: "X" }] }, "$.aliases[0].given", /given/],
    [[valid], "$", /JSON object/],
  ])("rejects %j at %s", (value, location, reason) => {
    const error = rejection(value);
    expect(error.location).toBe(location);
    expect(error.message).toMatch(reason);
  });

  it("names the record it rejected when it has an identity", () => {
    expect(rejection({ ...valid, sex: "?" }).recordId).toBe("123456AB7");
    expect(rejection({ ...valid, criminalHistory: [] }, "ident").location).toBe("$.criminalHistory");
  });
});
