import {
  type FingerImage,
  findField,
  isNcicOffenseCode,
  parseTransaction,
  serializeTransaction,
  type TaggedRecord,
  validateTransaction,
} from "@tenprint/nist";
import { describe, expect, it } from "vitest";
import { composeSlap } from "../src/bookings/booking-images.js";
import {
  activatedOn,
  BOOKING_PARAMETERS,
  type Booking,
  bookingCar,
  bookingFingerImages,
  bookingStream,
  engineRenderer,
  generateBookings,
  generateJurisdictions,
  generatePopulation,
  type ImpressionRenderer,
  SYNTHETIC_ATTENTION,
  SynthOptionError,
  sketchRenderer,
  uncompressedEncoder,
  wsqEncoder,
} from "../src/index.js";

const population = generatePopulation({ people: 3000, seed: "stream", states: ["TX", "NM"] });
const jurisdictions = generateJurisdictions({ seed: "stream", states: ["TX", "NM"] });

function fieldValue(record: TaggedRecord, number: number): string {
  const field = findField(record, number);
  return field?.kind === "text" ? (field.subfields[0]?.[0] ?? "") : "";
}

describe("bookingStream", () => {
  it("is deterministic and numbers bookings with unique synthetic TCNs in time order", () => {
    const a = generateBookings({ population, jurisdictions }, 400);
    const b = generateBookings({ population, jurisdictions }, 400);
    expect(b).toEqual(a);
    expect(new Set(a.map((x) => x.tcn)).size).toBe(400);
    expect(
      a.every((x) => /^SYN(TX|NM)[0-9A-Z]{4}\d{16}$/.test(x.tcn) && x.synthetic && x.truth.synthetic),
    ).toBe(true);
    expect(a.map((x) => x.bookedAt)).toEqual([...a.map((x) => x.bookedAt)].sort());
    const other = generateBookings({ population, jurisdictions, seed: "another" }, 400);
    expect(other.map((x) => x.truth.personId)).not.toEqual(a.map((x) => x.truth.personId));
    // Another seed (the demo's, say) never reuses a TCN: a hub would take it for a resubmission.
    const tcns = new Set(a.map((x) => x.tcn));
    expect(other.filter((x) => tcns.has(x.tcn))).toEqual([]);
  });

  it("follows the weekly and daily rhythm", () => {
    const perDay = 300;
    const bookings = generateBookings(
      { population, jurisdictions, bookingsPerDay: perDay, start: "2010-10-03" },
      8 * 7 * perDay,
    );
    const first = Date.parse("2010-10-03T00:00:00Z");
    const inEightWeeks = bookings.filter((b) => Date.parse(`${b.bookedAt}Z`) < first + 56 * 86_400_000);
    const byWeekday = new Array<number>(7).fill(0);
    const byHour = new Array<number>(24).fill(0);
    for (const booking of inEightWeeks) {
      const when = new Date(`${booking.bookedAt}Z`);
      byWeekday[when.getUTCDay()]! += 1;
      byHour[when.getUTCHours()]! += 1;
    }
    const total = inEightWeeks.length;
    expect(Math.abs(total / 56 - perDay)).toBeLessThan(perDay * 0.03);
    const { weekdayFactors, hourFactors } = BOOKING_PARAMETERS;
    weekdayFactors.forEach((factor, day) => {
      expect(Math.abs(byWeekday[day]! / (total / 7) - factor)).toBeLessThan(0.05);
    });
    hourFactors.forEach((factor, hour) => {
      expect(Math.abs(byHour[hour]! / (total / 24) - factor)).toBeLessThan(0.12);
    });
    expect(byWeekday[6]!).toBeGreaterThan(byWeekday[2]! * 1.15);
  });

  it("re-arrests people and keeps the ground truth of earlier bookings", () => {
    const bookings = generateBookings({ population, jurisdictions, rearrestShare: 0.3 }, 1500);
    const seen = new Map<string, Booking[]>();
    for (const booking of bookings) {
      const earlier = seen.get(booking.truth.personId) ?? [];
      expect(booking.truth.earlierBookingsInStream).toBe(earlier.length);
      expect(booking.truth.firstBookingTcn).toBe(earlier[0]?.tcn);
      seen.set(booking.truth.personId, [...earlier, booking]);
    }
    const repeated = bookings.filter((b) => b.truth.earlierBookingsInStream > 0).length / bookings.length;
    expect(repeated).toBeGreaterThan(0.25);
    const people = new Map(population.people.map((p) => [p.id, p]));
    for (const booking of bookings) {
      const person = people.get(booking.truth.personId)!;
      expect(booking.truth.inCriminalRepository).toBe(person.repositories.criminal);
      expect(booking.truth.inIdent).toBe(person.repositories.ident);
      expect(booking.truth.fin).toBe(person.fin);
      expect(booking.state).toBe(person.residence.state);
      if (!booking.truth.nameIsAlias) expect(booking.subject.name).toEqual(person.name);
      if (!booking.truth.dateOfBirthIsWrong) expect(booking.subject.dateOfBirth).toBe(person.dateOfBirth);
      for (const charge of booking.charges) expect(isNcicOffenseCode(charge.ncic)).toBe(true);
      const jurisdiction = jurisdictions.jurisdictions.find((j) => j.id === booking.jurisdictionId)!;
      expect(jurisdiction.facilityOris).toContain(booking.agencyOri);
      expect(booking.truth.jurisdictionActivated).toBe(
        activatedOn(jurisdiction, booking.bookedAt.slice(0, 10)),
      );
    }
    expect(bookings.some((b) => b.truth.nameIsAlias)).toBe(true);
    // Jurisdictions drawn ACTIVATED were activated by the stream's start, so the shares agree.
    const activatedShare = bookings.filter((b) => b.truth.jurisdictionActivated).length / bookings.length;
    expect(activatedShare).toBeGreaterThan(0.3);
    expect(activatedShare).toBeLessThan(0.8);
  });

  it("books more in populous counties and only in the requested state", () => {
    const bookings = generateBookings({ population, jurisdictions, state: "TX" }, 2000);
    expect(bookings.every((b) => b.state === "TX")).toBe(true);
    const harris = bookings.filter((b) => b.countyFips === "48201").length;
    const loving = bookings.filter((b) => b.countyFips === "48301").length;
    expect(harris).toBeGreaterThan(100);
    expect(loving).toBeLessThan(5);
  });

  it("rejects impossible stream options", () => {
    expect(() => generateBookings({ population, jurisdictions }, -1)).toThrow(SynthOptionError);
    expect(() => generateBookings({ population, jurisdictions, bookingsPerDay: 0 }, 1)).toThrow(
      SynthOptionError,
    );
    expect(() => generateBookings({ population, jurisdictions, state: "CA" }, 1)).toThrow(SynthOptionError);
    expect(() => generateBookings({ population, jurisdictions, rearrestShare: 1.5 }, 1)).toThrow(
      SynthOptionError,
    );
    expect(() => bookingStream({ population, jurisdictions, start: "yesterday" })).toThrow(SynthOptionError);
    expect(() => bookingStream({ population, jurisdictions, bookingsPerDay: 0.001 })).toThrow(
      SynthOptionError,
    );
  });
});

describe("booking CAR files", () => {
  const bookings = generateBookings({ population, jurisdictions, seed: "cars" }, 3);
  const people = new Map(population.people.map((p) => [p.id, p]));

  function carFor(booking: Booking, render: ImpressionRenderer, encode = uncompressedEncoder) {
    const images = bookingFingerImages(people.get(booking.truth.personId)!, booking.sequence, render, encode);
    return { images, car: bookingCar(booking, images) };
  }

  it("builds 10 rolled and 4 plain Type-14 images that validate clean after a round trip", () => {
    for (const booking of bookings) {
      const { images, car } = carFor(booking, sketchRenderer);
      expect(images.map((i) => i.fgp)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
      expect(images.map((i) => i.imp)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
      const parsed = parseTransaction(serializeTransaction(car));
      expect(validateTransaction(parsed)).toEqual([]);
      const type2 = parsed.records.find((r): r is TaggedRecord => r.kind === "tagged" && r.type === 2)!;
      expect(fieldValue(type2, 6)).toBe(SYNTHETIC_ATTENTION);
      expect(fieldValue(type2, 73)).toBe(booking.agencyOri);
      expect(parsed.records.filter((r) => r.type === 14)).toHaveLength(14);
    }
  });

  it("compresses with WSQ and validates clean", () => {
    const { images, car } = carFor(bookings[0]!, sketchRenderer, wsqEncoder());
    expect(
      images.every((i: FingerImage) => i.compression === "WSQ20" && i.data[0] === 0xff && i.data[1] === 0xa0),
    ).toBe(true);
    expect(validateTransaction(parseTransaction(serializeTransaction(car)))).toEqual([]);
  });

  it("gives a re-arrest new impressions of the same fingers", () => {
    const person = people.get(bookings[0]!.truth.personId)!;
    const same = (a: FingerImage, b: FingerImage) => Buffer.from(a.data).equals(Buffer.from(b.data));
    const first = bookingFingerImages(person, 1, sketchRenderer, uncompressedEncoder);
    const again = bookingFingerImages(person, 1, sketchRenderer, uncompressedEncoder);
    const later = bookingFingerImages(person, 2, sketchRenderer, uncompressedEncoder);
    expect(again.every((image, i) => same(image, first[i]!))).toBe(true);
    expect(later.some((image, i) => same(image, first[i]!))).toBe(false);
  });

  it("composes slaps within the EBTS size limits", () => {
    const person = people.get(bookings[0]!.truth.personId)!;
    const plains = new Map(
      person.fingers.map((finger) => [
        finger.position,
        sketchRenderer({ finger, kind: "plain", impression: 1 }),
      ]),
    );
    const slap = composeSlap([2, 3, 4, 5], plains);
    expect(slap.width).toBeLessThanOrEqual(BOOKING_PARAMETERS.slapMaxWidth);
    expect(slap.height).toBeLessThanOrEqual(BOOKING_PARAMETERS.slapMaxHeight);
    expect(slap.pixels.length).toBe(slap.width * slap.height);
    expect(() => composeSlap([2, 3], new Map())).toThrow(RangeError);
  });

  it("renders engine impressions of the person's own fingers", () => {
    const render = engineRenderer(4);
    const finger = people.get(bookings[0]!.truth.personId)!.fingers[1]!;
    const rolled = render({ finger, kind: "rolled", impression: 1 });
    const plain = render({ finger, kind: "plain", impression: 1 });
    expect(rolled.ppi).toBe(500);
    expect(rolled.width).toBeGreaterThan(plain.width);
    const repeat = render({ finger, kind: "rolled", impression: 1 });
    expect(Buffer.from(repeat.pixels).equals(Buffer.from(rolled.pixels))).toBe(true);
  });
});
