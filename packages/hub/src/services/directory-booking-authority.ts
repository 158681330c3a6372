import type { Kysely } from "kysely";
import { type BookingAuthority, type BookingClaim, bookingAuthority } from "../domain/booking-authority.js";
import type { HubDatabase } from "../storage/database-schema.js";
import { createHubStorage } from "../storage/hub-storage.js";

/** The directory's answer to "may this submitter book for this agency?" (agency → jurisdiction → agreement). */
export async function directoryBookingAuthority(
  db: Kysely<HubDatabase>,
  claim: BookingClaim,
): Promise<BookingAuthority> {
  if (claim.leaOri === claim.submitterOri) return bookingAuthority(claim, { agencyKnown: true });
  const directory = createHubStorage(db).directory;
  const agency = await directory.getAgency(claim.leaOri);
  const jurisdiction = agency?.jurisdictionId
    ? await directory.getJurisdiction(agency.jurisdictionId)
    : undefined;
  const agreement = jurisdiction
    ? await directory.getAgreement(claim.submitterOri, jurisdiction.state)
    : undefined;
  return bookingAuthority(claim, {
    agencyKnown: agency !== undefined,
    ...(jurisdiction ? { state: jurisdiction.state } : {}),
    ...(agreement
      ? {
          agreement: {
            sibOri: agreement.sibOri,
            state: agreement.state,
            signedAt: agreement.signedOn,
            ...(agreement.terminatedOn ? { terminatedAt: agreement.terminatedOn } : {}),
          },
        }
      : {}),
  });
}
