import { requireIsoDay } from "./domain-error.js";
import {
  identSearchApplies,
  type JurisdictionActivation,
  routingFor,
  type SibAgreement,
} from "./jurisdiction-activation.js";
import type { SubmissionRouting } from "./submission-workflow.js";

/**
 * The deployment sites a booking touches. `bookingSite` is where the prints were taken (2.073 CRI, first
 * entry): a county's agency at arrest, a state correctional reception facility at prison intake.
 * `arrestSite` is, for an intake, the county whose agency made the arrest (2.073 CRI, second entry).
 */
export interface BookingSites {
  readonly bookingSite: JurisdictionActivation;
  readonly arrestSite?: JurisdictionActivation;
}

export interface SiteRoutingDecision {
  readonly routing: SubmissionRouting;
  /** For an intake: the county of arrest and whether its own IDENT search applied on the arrest day. */
  readonly arrest?: { readonly jurisdictionId: string; readonly identSearch: boolean };
}

/**
 * The routing of a booking by site: the IDENT search follows the activation of the site that took the
 * prints — an activated facility searches a person arrested in a county that never agreed to it, and a
 * facility not yet activated does not search a person whose county is. The county of arrest is recorded,
 * never consulted, so that the accountability report can count those searches (reported, not targeted).
 */
export function routeBySite(
  sites: BookingSites,
  agreement: SibAgreement | undefined,
  days: { readonly received: string; readonly arrested?: string },
  eroOri: string,
): SiteRoutingDecision {
  const received = requireIsoDay("days.received", days.received);
  const routing = routingFor(sites.bookingSite, agreement, received, eroOri);
  const { arrestSite } = sites;
  if (!arrestSite || arrestSite.jurisdictionId === sites.bookingSite.jurisdictionId) return { routing };
  const arrested = days.arrested === undefined ? received : requireIsoDay("days.arrested", days.arrested);
  return {
    routing,
    arrest: {
      jurisdictionId: arrestSite.jurisdictionId,
      identSearch: identSearchApplies(arrestSite, agreement, arrested),
    },
  };
}
