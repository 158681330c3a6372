import { describe, expect, it } from "vitest";
import { biographicDiff, differenceCount } from "../src/features/case/biographic-diff.js";
import type { CaseBooking, ImmigrationRecord } from "../src/lib/api/types.js";

const booking: CaseBooking = {
  tcn: "SYN1",
  name: { surname: "GARCIA", given: "MARIA", middle: "L" },
  aliases: [{ surname: "GARCIA", given: "MARY" }],
  dateOfBirth: "19850314",
  sex: "F",
  race: "W",
  placeOfBirth: "MX",
  citizenship: "MX",
  fbiNumber: null,
  arrest: { date: "20260301", agencyOri: "VA0590000", charges: [] },
  positions: [1, 2],
};

const record: ImmigrationRecord = {
  identity: "SYNFIN1",
  synthetic: true,
  fin: "SYNFIN1",
  aNumber: "912345678",
  fbiNumber: null,
  name: { surname: "Garcia", given: "Maria" },
  aliases: [],
  dateOfBirth: "19850314",
  sex: "F",
  placeOfBirth: "MX",
  citizenship: "MX",
  recordedStatus: "PENDING_PROCEEDINGS",
  encounters: [],
  printPositions: [1, 2],
};

const agreement = (rows: ReturnType<typeof biographicDiff>) =>
  Object.fromEntries(rows.map((row) => [row.field, row.agreement]));

describe("the booking's biographics beside the IDENT record", () => {
  it("matches names without case or punctuation, and a middle name only when both have one", () => {
    const rows = biographicDiff(booking, record);
    expect(agreement(rows)).toEqual({
      name: "same",
      aliases: "missing",
      dateOfBirth: "same",
      sex: "same",
      placeOfBirth: "same",
      citizenship: "same",
      fbiNumber: "missing",
    });
    expect(rows.find((row) => row.field === "dateOfBirth")).toMatchObject({
      booking: "1985-03-14",
      record: "1985-03-14",
    });
    expect(differenceCount(rows)).toBe(0);
  });

  it("marks what differs, and a name found among the other side's aliases as an alias", () => {
    const rows = biographicDiff(booking, {
      ...record,
      name: { surname: "GARCIA", given: "MARY" },
      aliases: [{ surname: "Garcia", given: "Maria" }],
      dateOfBirth: "19850413",
      citizenship: "GT",
    });
    expect(agreement(rows)).toMatchObject({
      name: "alias",
      dateOfBirth: "different",
      citizenship: "different",
    });
    expect(differenceCount(rows)).toBe(2);
  });

  it("calls an unknown date of birth missing, not different", () => {
    const rows = biographicDiff({ ...booking, dateOfBirth: "00000000" }, record);
    expect(rows.find((row) => row.field === "dateOfBirth")).toMatchObject({
      booking: "",
      agreement: "missing",
    });
    const other = biographicDiff(booking, {
      ...record,
      name: { surname: "SMITH", given: "MARIA", middle: "K" },
    });
    expect(agreement(other).name).toBe("different");
  });
});
