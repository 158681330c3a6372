import { buildCpnu, type FingerImage, type NistTransaction } from "@tenprint/nist";
import type { CorrectionalFacility, CorrectionsSet } from "../jurisdictions/correctional-facilities.js";
import { FBI_CJIS_ORI } from "../jurisdictions/synthetic-jurisdictions.js";
import { compactDate, DAY_MS, isoDate } from "../population/calendar-dates.js";
import { NCIC_OFFENSES } from "../population/data/ncic-offenses.js";
import { SynthOptionError } from "../population/synth-option-error.js";
import { SeededRandom } from "../seeded-random.js";
import { INTAKE_PARAMETERS as P } from "./booking-parameters.js";
import type { Booking, BookingTruth } from "./booking-stream.js";
import { SYNTHETIC_ATTENTION } from "./booking-transaction.js";

/** The arrest behind an intake: where the person was first booked, and whether IDENT searched it then. */
export interface IntakeArrest {
  readonly tcn: string;
  readonly agencyOri: string;
  readonly countyFips: string;
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly jurisdictionActivated: boolean;
}

/**
 * A sentenced person's arrival at a state reception facility: a second criminal tenprint (EBTS CPNU)
 * from the facility, whose own activation decides the IDENT search (`truth.jurisdictionActivated`).
 */
export interface IntakeBooking {
  readonly synthetic: true;
  /** "SYN", state, intake date, "I", the arrest's sequence. */
  readonly tcn: string;
  /** Local time of the intake, YYYY-MM-DDTHH:MM:SS. */
  readonly bookedAt: string;
  readonly state: string;
  readonly facilityOri: string;
  /** The facility's county (its location), not the county of arrest. */
  readonly countyFips: string;
  readonly sibOri: string;
  readonly arrest: IntakeArrest;
  readonly sentenceDays: number;
  /** The arrest booking's biographics. */
  readonly subject: Booking["subject"];
  /** The felony charges the person was convicted of. */
  readonly charges: Booking["charges"];
  readonly truth: BookingTruth;
}

export interface IntakeOptions {
  readonly corrections: CorrectionsSet;
  readonly seed?: string;
}

const FELONY = new Set(
  NCIC_OFFENSES.filter((kind) => kind.severity === "FELONY").map((kind) => `${kind.ncic}/${kind.literal}`),
);

/** Whether the facility's IDENT search was on for an intake on `day` (YYYY-MM-DD). */
export function facilityActivatedOn(facility: CorrectionalFacility, day: string): boolean {
  const { activation } = facility;
  return activation.status === "ACTIVATED" && (activation.activatedAt ?? "") <= day;
}

/**
 * The prison intakes that follow a stream's arrests: an arrest with a felony charge leads, at
 * INTAKE_PARAMETERS.felonyPrisonShare, to a conviction, a prison sentence and arrival at one of the state's
 * reception facilities (the one in the county of arrest if there is one) 30–180 days later. Sorted by time.
 */
export function generateIntakes(arrests: Iterable<Booking>, options: IntakeOptions): IntakeBooking[] {
  const byState = new Map<string, CorrectionalFacility[]>();
  for (const facility of options.corrections.facilities) {
    byState.set(facility.state, [...(byState.get(facility.state) ?? []), facility]);
  }
  if (byState.size === 0) throw new SynthOptionError("corrections", "there are no facilities");
  const random = SeededRandom.fromText(options.seed ?? "tenprint").fork("intakes");
  const intakes: IntakeBooking[] = [];
  for (const arrest of arrests) {
    const felonies = arrest.charges.filter((charge) => FELONY.has(`${charge.ncic}/${charge.literal}`));
    const facilities = byState.get(arrest.state);
    const draw = random.fork(arrest.tcn);
    if (felonies.length === 0 || !facilities || !draw.chance(P.felonyPrisonShare)) continue;
    const facility =
      facilities.find((candidate) => candidate.countyFips === arrest.countyFips) ?? draw.pick(facilities);
    const arrestMs = Date.parse(`${arrest.bookedAt}Z`);
    // Reception centres take transfers in working hours.
    const intakeMs =
      Math.floor(arrestMs / DAY_MS) * DAY_MS +
      draw.int(P.daysToIntake[0], P.daysToIntake[1]) * DAY_MS +
      draw.int(8 * 3600, 16 * 3600) * 1000;
    const day = isoDate(intakeMs);
    const tcn = `SYN${arrest.state}${compactDate(intakeMs)}I${String(arrest.sequence).padStart(8, "0")}`;
    intakes.push({
      synthetic: true,
      tcn,
      bookedAt: new Date(intakeMs).toISOString().slice(0, 19),
      state: arrest.state,
      facilityOri: facility.ori,
      countyFips: facility.countyFips,
      sibOri: arrest.sibOri,
      arrest: {
        tcn: arrest.tcn,
        agencyOri: arrest.agencyOri,
        countyFips: arrest.countyFips,
        date: arrest.bookedAt.slice(0, 10),
        jurisdictionActivated: arrest.truth.jurisdictionActivated,
      },
      sentenceDays: draw.int(P.sentenceDays[0], P.sentenceDays[1]),
      subject: arrest.subject,
      charges: felonies,
      truth: {
        ...arrest.truth,
        tcn,
        earlierBookingsInStream: arrest.truth.earlierBookingsInStream + 1,
        firstBookingTcn: arrest.truth.firstBookingTcn ?? arrest.tcn,
        jurisdictionActivated: facilityActivatedOn(facility, day),
        receipt: facility.receipt,
      },
    });
  }
  return intakes.sort((a, b) => a.bookedAt.localeCompare(b.bookedAt) || a.tcn.localeCompare(b.tcn));
}

/**
 * The intake as the CPNU the reception centre's live-scan sends: Type-1 from the facility to the FBI
 * CJIS, 2.045 DOA the date of the arrest, 2.073 CRI the facility then the arresting agency, the convicted
 * charges in 2.047 ASL, marked synthetic in 2.006 ATN like every synthetic booking.
 */
export function intakeCpnu(intake: IntakeBooking, fingers: readonly FingerImage[]): NistTransaction {
  return buildCpnu({
    header: {
      ori: intake.facilityOri,
      dai: FBI_CJIS_ORI,
      tcn: intake.tcn,
      date: intake.bookedAt.slice(0, 10).replaceAll("-", ""),
    },
    subject: intake.subject,
    arrest: {
      date: intake.arrest.date.replaceAll("-", ""),
      charges: intake.charges,
      bookingAgencyOri: intake.facilityOri,
      otherAgencyOris: [intake.arrest.agencyOri],
      caseNumber: `SYN-INTAKE-${intake.arrest.tcn.slice(-8)}`,
      attention: SYNTHETIC_ATTENTION,
    },
    fingers: fingers.map((finger) => ({
      ...finger,
      captureDate: intake.bookedAt.slice(0, 10).replaceAll("-", ""),
    })),
  });
}
