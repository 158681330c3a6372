/**
 * Charges for synthetic arrests: NCIC Uniform Offense Classification codes (four digits; the first two
 * are the category that @tenprint/nist validates) with an arrest literal, a severity and a weight. The
 * weights approximate the mix of arrests in the FBI's Uniform Crime Reports (traffic and DUI, drugs,
 * larceny and assault lead; violent felonies are rare) — a plausible mix, not a statistic. Codes ending
 * in 99 are the category's catch-all; individual codes (0301 illegal entry, 1313 simple assault, 2303
 * shoplifting, 2404 vehicle theft, 3562 marijuana possession, 5011/5012 parole/probation violation,
 * 5403/5404 DUI liquor/drugs) are recalled from the NCIC code manual.
 */
import type { NcicOffenseCode } from "@tenprint/nist";

export type Severity = "FELONY" | "MISDEMEANOR";

export interface OffenseKind {
  readonly ncic: NcicOffenseCode;
  readonly literal: string;
  readonly severity: Severity;
  readonly weight: number;
}

export const NCIC_OFFENSES: readonly OffenseKind[] = [
  { ncic: "5403", literal: "DRIVING UNDER INFLUENCE LIQUOR", severity: "MISDEMEANOR", weight: 10 },
  { ncic: "5404", literal: "DRIVING UNDER INFLUENCE DRUGS", severity: "MISDEMEANOR", weight: 1.5 },
  { ncic: "5499", literal: "DRIVING WHILE LICENSE SUSPENDED", severity: "MISDEMEANOR", weight: 5 },
  { ncic: "5499", literal: "DRIVING WITHOUT A VALID LICENSE", severity: "MISDEMEANOR", weight: 3 },
  { ncic: "3562", literal: "MARIJUANA - POSSESS", severity: "MISDEMEANOR", weight: 6 },
  { ncic: "3599", literal: "POSSESSION OF CONTROLLED SUBSTANCE", severity: "FELONY", weight: 5 },
  { ncic: "3599", literal: "SALE OF CONTROLLED SUBSTANCE", severity: "FELONY", weight: 1.5 },
  { ncic: "3550", literal: "POSSESSION OF DRUG PARAPHERNALIA", severity: "MISDEMEANOR", weight: 2 },
  { ncic: "2303", literal: "SHOPLIFTING", severity: "MISDEMEANOR", weight: 5 },
  { ncic: "2399", literal: "LARCENY", severity: "MISDEMEANOR", weight: 5 },
  { ncic: "2299", literal: "BURGLARY", severity: "FELONY", weight: 2.5 },
  { ncic: "2404", literal: "VEHICLE THEFT", severity: "FELONY", weight: 1 },
  { ncic: "2899", literal: "POSSESSION OF STOLEN PROPERTY", severity: "MISDEMEANOR", weight: 1 },
  { ncic: "2999", literal: "CRIMINAL MISCHIEF - DAMAGE PROPERTY", severity: "MISDEMEANOR", weight: 2.5 },
  { ncic: "2599", literal: "FORGERY", severity: "FELONY", weight: 1 },
  { ncic: "2699", literal: "FRAUD", severity: "MISDEMEANOR", weight: 1.5 },
  { ncic: "1313", literal: "SIMPLE ASSAULT", severity: "MISDEMEANOR", weight: 7 },
  { ncic: "1313", literal: "ASSAULT - FAMILY VIOLENCE", severity: "MISDEMEANOR", weight: 4 },
  { ncic: "1399", literal: "AGGRAVATED ASSAULT", severity: "FELONY", weight: 3.5 },
  { ncic: "1299", literal: "ROBBERY", severity: "FELONY", weight: 1 },
  { ncic: "1199", literal: "SEXUAL ASSAULT", severity: "FELONY", weight: 0.3 },
  { ncic: "3699", literal: "SEX OFFENSE", severity: "FELONY", weight: 0.4 },
  { ncic: "0999", literal: "HOMICIDE", severity: "FELONY", weight: 0.1 },
  { ncic: "1099", literal: "KIDNAPPING", severity: "FELONY", weight: 0.1 },
  { ncic: "5299", literal: "WEAPON OFFENSE", severity: "FELONY", weight: 1.5 },
  { ncic: "5399", literal: "DISORDERLY CONDUCT", severity: "MISDEMEANOR", weight: 4 },
  { ncic: "4199", literal: "PUBLIC INTOXICATION", severity: "MISDEMEANOR", weight: 4 },
  { ncic: "4899", literal: "RESISTING OFFICER", severity: "MISDEMEANOR", weight: 2.5 },
  { ncic: "5012", literal: "PROBATION VIOLATION", severity: "MISDEMEANOR", weight: 4 },
  { ncic: "5011", literal: "PAROLE VIOLATION", severity: "FELONY", weight: 1.5 },
  { ncic: "5015", literal: "FAILURE TO APPEAR", severity: "MISDEMEANOR", weight: 3.5 },
  { ncic: "4099", literal: "PROSTITUTION", severity: "MISDEMEANOR", weight: 0.8 },
  { ncic: "3899", literal: "FAMILY OFFENSE - NONSUPPORT", severity: "MISDEMEANOR", weight: 0.5 },
  { ncic: "0301", literal: "ILLEGAL ENTRY", severity: "MISDEMEANOR", weight: 0.2 },
];
