import { LESC_ORI } from "@tenprint/nist";
import type { Kysely } from "kysely";
import type { JurisdictionActivation } from "../domain/jurisdiction-activation.js";
import { routeBySite } from "../domain/site-routing.js";
import type { HubDatabase } from "../storage/database-schema.js";
import type { JurisdictionRecord } from "../storage/directory-repository.js";
import { createHubStorage } from "../storage/hub-storage.js";
import type { RoutingResolver } from "./submission-service.js";

/**
 * Routing from the agency directory: the booking agency's jurisdiction decides IDENT search (activated,
 * with its state's SIB agreement in force on the day) and receipt. A booking from an agency the directory
 * does not know still gets its criminal search, as CJIS would run it, but no IDENT search: nobody has
 * activated it, and no ERO office covers it, so the LESC stands in as the (never used) IAR copy address.
 * The booking agency may be a state correctional reception facility, a site of its own: its activation
 * decides, and the arresting agency's county (2.073 CRI second entry) is only recorded (`routeBySite`).
 */
export function directoryRouting(
  db: Kysely<HubDatabase>,
  clock: () => Date = () => new Date(),
): RoutingResolver {
  return async ({ submitterOri, leaOri, arrestingAgencyOri, arrestDate }) => {
    const directory = createHubStorage(db, { clock }).directory;
    const agency = await directory.getAgency(leaOri);
    const jurisdiction = agency?.jurisdictionId
      ? await directory.getJurisdiction(agency.jurisdictionId)
      : undefined;
    if (!agency || !jurisdiction) {
      return {
        jurisdictionId: `unlisted:${leaOri}`,
        routing: { identSearch: false, receipt: { idr: true, iar: true }, eroOri: LESC_ORI },
      };
    }
    const sibOri = agency.parentOri ?? submitterOri;
    const agreement =
      (await directory.getAgreement(sibOri, jurisdiction.state)) ??
      (await directory.getAgreement(submitterOri, jurisdiction.state));
    const arresting = arrestingAgencyOri ? await directory.getAgency(arrestingAgencyOri) : undefined;
    const arrestSite = arresting?.jurisdictionId
      ? await directory.getJurisdiction(arresting.jurisdictionId)
      : undefined;
    const day = clock().toISOString().slice(0, 10);
    const sib = agreement
      ? {
          sibOri: agreement.sibOri,
          state: agreement.state,
          signedAt: agreement.signedOn,
          ...(agreement.terminatedOn ? { terminatedAt: agreement.terminatedOn } : {}),
        }
      : undefined;
    const decision = routeBySite(
      {
        bookingSite: siteActivation(jurisdiction),
        ...(arrestSite ? { arrestSite: siteActivation(arrestSite) } : {}),
      },
      sib,
      { received: day, ...(arrestDate ? { arrested: arrestDate } : {}) },
      jurisdiction.eroOri ?? LESC_ORI,
    );
    return {
      jurisdictionId: jurisdiction.ori,
      routing: decision.routing,
      ...(decision.arrest ? { arrest: decision.arrest } : {}),
    };
  };
}

function siteActivation(jurisdiction: JurisdictionRecord): JurisdictionActivation {
  return {
    jurisdictionId: jurisdiction.ori,
    status: jurisdiction.activationStatus as JurisdictionActivation["status"],
    ...(jurisdiction.activatedAt ? { activatedAt: jurisdiction.activatedAt.toISOString().slice(0, 10) } : {}),
    receipt: { idr: jurisdiction.receiptIdr, iar: jurisdiction.receiptIar },
  };
}
