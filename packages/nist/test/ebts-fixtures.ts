import type { BookingSubmission, FingerImage } from "../src/index.js";

/** A synthetic grey ramp of the given size, stored uncompressed (14.011 NONE). */
export function rawFinger(fgp: FingerImage["fgp"], width = 40, height = 50): FingerImage {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + fgp) % 256;
  return { fgp, imp: 1, width, height, ppi: 500, compression: "NONE", data };
}

/** A synthetic booking (all people, agencies and numbers are made up). */
export function syntheticBooking(fingerCount = 10): BookingSubmission {
  return {
    header: { ori: "WV0000000", dai: "WVIAFIS0Z", tcn: "WV20260115-000001", date: "20260115", priority: 2 },
    subject: {
      name: { surname: "Synthetic", given: "Alex", middle: "Q" },
      dateOfBirth: "19850317",
      sex: "M",
      race: "W",
      heightInches: 70,
      weightPounds: 180,
      eyeColor: "BRO",
      hairColor: "BLK",
      placeOfBirth: "TX",
      citizenship: "US",
      aliases: [{ surname: "Sample", given: "Al" }],
      ssn: "000000001",
    },
    arrest: {
      date: "20260114",
      bookingAgencyOri: "WV0540000",
      charges: [
        { ncic: "1313", literal: "SIMPLE ASSAULT", dateOfOffense: "20260113" },
        { ncic: "5404", literal: "DRIVING UNDER THE INFLUENCE" },
      ],
      caseNumber: "2026-000123",
      attention: "DET SYNTHETIC",
    },
    fingers: Array.from({ length: fingerCount }, (_, i) => rawFinger((i + 1) as FingerImage["fgp"])),
    requestRapSheet: true,
  };
}
