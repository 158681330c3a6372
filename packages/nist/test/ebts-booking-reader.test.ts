import { describe, expect, it } from "vitest";
import {
  type BinaryRecord,
  buildCar,
  buildCna,
  buildCpnu,
  EbtsError,
  parseName,
  parseTransaction,
  readBooking,
  serializeTransaction,
  textField,
} from "../src/index.js";
import { syntheticBooking } from "./ebts-fixtures.js";
import { hasSharedData, readShared } from "./shared-data.js";

describe("readBooking", () => {
  it("reads back what buildCar wrote, through the bytes", () => {
    const input = syntheticBooking(3);
    const booking = readBooking(parseTransaction(serializeTransaction(buildCar(input))));
    expect(booking.tot).toBe("CAR");
    expect(booking.header).toEqual(input.header);
    expect(booking.subject).toEqual({
      ...input.subject,
      name: { surname: "SYNTHETIC", given: "ALEX", middle: "Q" },
      aliases: [{ surname: "SAMPLE", given: "AL" }],
      fbiNumber: undefined,
      stateId: undefined,
    });
    expect(booking.arrest).toEqual({ ...input.arrest, retain: true });
    expect(booking.fingers).toEqual(
      input.fingers.map((finger) => ({ ...finger, captureDate: input.arrest.date })),
    );
    expect(booking.requestRapSheet).toBe(true);
  });

  it("reads a CNA and refuses transactions that are not valid bookings", () => {
    const cna = buildCna({ ...syntheticBooking(1), requestRapSheet: undefined });
    expect(readBooking(cna).tot).toBe("CNA");
    const broken = {
      records: cna.records.map((record, index) =>
        index === 1 && record.kind === "tagged"
          ? { ...record, fields: record.fields.map((f) => (f.number === 24 ? textField(24, "Q") : f)) }
          : record,
      ),
    };
    expect(() => readBooking(broken)).toThrow(EbtsError);
    expect(() => readBooking({ records: [] })).toThrow(/expected a CAR, CNA or CPNU/);
  });

  it("reads a prison intake CPNU with the facility first and the arresting agency second in 2.073 CRI", () => {
    const input = syntheticBooking(2);
    const intake = {
      ...input,
      requestRapSheet: undefined,
      arrest: { ...input.arrest, bookingAgencyOri: "VADOC0101", otherAgencyOris: ["VA0010000"] },
    };
    const bytes = serializeTransaction(buildCpnu(intake));
    const booking = readBooking(parseTransaction(bytes));
    expect(booking.tot).toBe("CPNU");
    expect(booking.arrest.bookingAgencyOri).toBe("VADOC0101");
    expect(booking.arrest.otherAgencyOris).toEqual(["VA0010000"]);
    expect(() =>
      buildCpnu({ ...intake, arrest: { ...intake.arrest, otherAgencyOris: ["VA001", "X", "Y"] } }),
    ).toThrow(EbtsError);
  });

  it("reads Type-4 images as fingers too", () => {
    const car = buildCar(syntheticBooking(1));
    const pixels = new Uint8Array(40 * 50).fill(200);
    const type4: BinaryRecord = {
      kind: "binary",
      type: 4,
      header: { IDC: 1, IMP: 3, FGP: [7, 255, 255, 255, 255, 255], ISR: 0, HLL: 40, VLL: 50, CGA: 0 },
      data: pixels,
    };
    const withType4 = parseTransaction(
      serializeTransaction({ records: [...car.records.slice(0, 2), type4] }),
    );
    expect(readBooking(withType4).fingers).toEqual([
      { fgp: 7, imp: 3, width: 40, height: 50, ppi: 500, compression: "NONE", data: pixels },
    ]);
  });

  it("splits names into surname, given and middle names", () => {
    expect(parseName("DOE,JOHN")).toEqual({ surname: "DOE", given: "JOHN" });
    expect(parseName("DE LA CRUZ,ANA MARIA LUZ")).toEqual({
      surname: "DE LA CRUZ",
      given: "ANA",
      middle: "MARIA LUZ",
    });
    expect(parseName("NOCOMMA")).toEqual({ surname: "NOCOMMA", given: "" });
  });

  it.skipIf(!hasSharedData)("refuses an NBIS Type-4 CAR with the reasons it is not valid EBTS 9.1", () => {
    const tx = parseTransaction(readShared("nbis-an2k-testdata/valid1.1.an2"));
    expect(() => readBooking(tx)).toThrow(/2\.073 CRI/);
  });
});
