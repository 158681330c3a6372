/**
 * Rule tables of the three priority schemes, keyed by NCIC offence code: a two-digit
 * entry is a whole category (the first two digits of the code, see NCIC_OFFENSE_CATEGORIES of
 * @tenprint/nist), a four-digit entry a single code. The NCIC code alone cannot tell possession from sale
 * or a crime of violence from a lesser one, so where the law turns on such facts the tables use the
 * sentence as the proxy, and the assessment stores its inputs so that an auditor can see exactly why.
 * A change to any table is a new version: stored levels name the version that produced them.
 */
export interface CodeSet {
  readonly include: readonly string[];
  readonly except?: readonly string[];
}

/** 2008 Secure Communities levels: convicted of or charged with. */
export const SC_2008 = {
  version: "2008.1",
  /**
   * SC deck Level-1 categories: national security, homicide, kidnapping, sexual assault, robbery,
   * aggravated assault (13xx without 1313 simple assault), sex offences, cruelty toward child or spouse
   * (3802/3803), weapons.
   */
  level1: { include: ["01", "09", "10", "11", "12", "13", "36", "52", "3802", "3803"], except: ["1313"] },
  /** Drug offences are Level 1 only with a sentence above one year, otherwise Level 2 ("minor drug"). */
  level1IfSentencedOverOneYear: { include: ["35"] },
  /** Minor drug and property offences: arson, burglary, larceny, vehicle theft, forgery, fraud, embezzlement, stolen property, damage. */
  level2: { include: ["20", "22", "23", "24", "25", "26", "27", "28", "29", "35"] },
} as const;

/** 2011 ICE threat levels, conviction-based (as codified in H.R. 5007, 119th Cong.). */
export const THREAT_2011 = {
  version: "2011.1",
  /**
   * Aggravated felonies (INA 101(a)(43)) recognisable from the category alone: murder and rape (A),
   * national-security offences (L).
   */
  aggravatedFelony: { include: ["01", "09", "11"] },
  /**
   * Aggravated felonies only with a term of at least one year: crimes of violence (F) — kidnapping,
   * robbery, assault other than simple assault — theft and burglary (G); drugs (B, trafficking) likewise,
   * since a one-year term is the proxy we have for trafficking rather than possession.
   */
  aggravatedFelonyWithYearTerm: { include: ["10", "12", "13", "22", "23", "24", "35"], except: ["1313"] },
} as const;

/** 2014 Priority Enforcement Program (Johnson memo, 2014-11-20). */
export const PEP_2014 = {
  version: "2014.1",
  /** Offences whose essential element is the alien's immigration status do not count for P1/P2. */
  immigrationStatusOffences: { include: ["03"] },
  /** Minor traffic offences do not count towards three misdemeanours; DUI is not minor. */
  minorTraffic: { include: ["54"], except: ["5403", "5404"] },
  /**
   * Significant misdemeanours: domestic violence (3802/3803), sexual abuse or exploitation (11, 36),
   * burglary (22), unlawful firearm possession or use (52), DUI (5403/5404). Drug distribution is one
   * too but cannot be told from possession by code; see the 90-day rule in the parameters instead.
   */
  significantMisdemeanour: { include: ["11", "22", "36", "52", "3802", "3803", "5403", "5404"] },
  /** P3: final orders of removal issued on or after this day. */
  finalOrderSince: "2014-01-01",
} as const;
