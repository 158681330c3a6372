import { buildCar, type FingerImage, type NistTransaction } from "@tenprint/nist";
import { FBI_CJIS_ORI } from "../jurisdictions/synthetic-jurisdictions.js";
import type { Booking } from "./booking-stream.js";

/**
 * Marks every synthetic CAR in 2.006 ATN (attention), a field EBTS carries back in the response, so a
 * synthetic submission and everything answering it say what they are. The TCN starts with "SYN" too.
 */
export const SYNTHETIC_ATTENTION = "SYNTHETIC - NOT A REAL PERSON";

/**
 * The booking as the EBTS CAR its live-scan station sends: Type-1 from the booking agency (1.008 ORI)
 * to the FBI CJIS (1.007 DAI), Type-2 with the biographics as presented and the charges (2.047 ASL with
 * NCIC codes), 2.073 CRI the booking agency, and the given Type-14 finger images.
 */
export function bookingCar(booking: Booking, fingers: readonly FingerImage[]): NistTransaction {
  const date = booking.bookedAt.slice(0, 10).replaceAll("-", "");
  return buildCar({
    header: { ori: booking.agencyOri, dai: FBI_CJIS_ORI, tcn: booking.tcn, date },
    subject: booking.subject,
    arrest: {
      date,
      charges: booking.charges,
      bookingAgencyOri: booking.agencyOri,
      caseNumber: `SYN-${booking.sequence}`,
      attention: SYNTHETIC_ATTENTION,
    },
    fingers,
    requestRapSheet: true,
  });
}
