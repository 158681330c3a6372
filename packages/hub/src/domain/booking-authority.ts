import { agreementInForce, type SibAgreement } from "./jurisdiction-activation.js";

/**
 * Who may book for whom. The booking agency comes from the file (2.073 CRI), so it proves nothing: a
 * submitter may book for itself, and a SIB for the agencies of a state whose agreement it holds on the
 * day. Anything else would let one agency force (or skip) an IDENT search in another's name.
 */
export type BookingAuthority =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string };

export interface BookingClaim {
  /** The authenticated submitter (the API key's ORI) and the role its key was issued for. */
  readonly submitterOri: string;
  readonly submitterRole?: string;
  /** The booking agency the file names. */
  readonly leaOri: string;
  /** YYYY-MM-DD, the day of receipt. */
  readonly day: string;
}

/** What the directory knows of the named agency: its jurisdiction's state and the submitter's agreement there. */
export interface BookingDirectoryFacts {
  readonly agencyKnown: boolean;
  readonly state?: string;
  readonly agreement?: SibAgreement;
}

export function bookingAuthority(claim: BookingClaim, facts: BookingDirectoryFacts): BookingAuthority {
  const { submitterOri, submitterRole, leaOri, day } = claim;
  if (leaOri === submitterOri) return { allowed: true };
  const named = `the file's booking agency (2.073 CRI) is ${leaOri}, not the submitter ${submitterOri}`;
  if (submitterRole !== undefined && submitterRole !== "SIB")
    return { allowed: false, reason: `${named}; a ${submitterRole} may book only for itself` };
  if (!facts.agencyKnown)
    return { allowed: false, reason: `${named}, and the directory does not know agency ${leaOri}` };
  if (facts.state === undefined)
    return { allowed: false, reason: `${named}, and the directory places ${leaOri} in no jurisdiction` };
  if (!agreementInForce(facts.agreement, day))
    return {
      allowed: false,
      reason: `${named}, and ${submitterOri} holds no SIB agreement in force for ${facts.state} on ${day}`,
    };
  return { allowed: true };
}
