/**
 * The 24 ICE ERO field offices and their areas of responsibility (AOR), as ICE publishes them
 * (field office cities are real; AOR boundaries inside New York, California and Texas are approximated by
 * the county lists below). ORIs of the field offices follow the ICE pattern of the LESC (`VTICE0900`:
 * state, "ICE", four digits) but the digits are Tenprint's own, not real ORIs.
 */
export interface EroFieldOffice {
  /** Short stable key, e.g. "ATL". */
  readonly id: string;
  readonly city: string;
  /** Postal code of the state the office sits in. */
  readonly state: string;
  readonly ori: string;
  /** Postal codes of the states wholly in this AOR. */
  readonly states: readonly string[];
  /** County FIPS codes of split states that belong to this AOR. */
  readonly counties?: readonly string[];
}

export const ERO_FIELD_OFFICES: readonly EroFieldOffice[] = [
  { id: "ATL", city: "Atlanta", state: "GA", ori: "GAICE0100", states: ["GA", "NC", "SC"] },
  { id: "BAL", city: "Baltimore", state: "MD", ori: "MDICE0200", states: ["MD"] },
  { id: "BOS", city: "Boston", state: "MA", ori: "MAICE0300", states: ["MA", "CT", "ME", "NH", "RI", "VT"] },
  { id: "BUF", city: "Buffalo", state: "NY", ori: "NYICE0400", states: [] },
  { id: "CHI", city: "Chicago", state: "IL", ori: "ILICE0500", states: ["IL", "IN", "WI", "MO", "KY", "KS"] },
  { id: "DAL", city: "Dallas", state: "TX", ori: "TXICE0600", states: ["OK"] },
  { id: "DEN", city: "Denver", state: "CO", ori: "COICE0700", states: ["CO", "WY"] },
  { id: "DET", city: "Detroit", state: "MI", ori: "MIICE0800", states: ["MI", "OH"] },
  {
    id: "ELP",
    city: "El Paso",
    state: "TX",
    ori: "TXICE0900",
    states: ["NM"],
    // El Paso, Hudspeth, Culberson, Jeff Davis, Presidio, Brewster, Reeves, Loving, Ward, Pecos, Terrell, Winkler
    counties: [
      "48141",
      "48229",
      "48109",
      "48243",
      "48377",
      "48043",
      "48389",
      "48301",
      "48475",
      "48371",
      "48443",
      "48495",
    ],
  },
  {
    id: "HOU",
    city: "Houston",
    state: "TX",
    ori: "TXICE1000",
    states: [],
    // Harris, Fort Bend, Montgomery, Galveston, Brazoria, Jefferson, Orange, Liberty, Chambers, Hardin,
    // Walker, Waller, Matagorda, Wharton, Austin, Grimes, San Jacinto, Polk, Tyler, Jasper, Newton
    counties: [
      "48201",
      "48157",
      "48339",
      "48167",
      "48039",
      "48245",
      "48361",
      "48291",
      "48071",
      "48199",
      "48471",
      "48473",
      "48321",
      "48481",
      "48015",
      "48185",
      "48407",
      "48373",
      "48457",
      "48241",
      "48351",
    ],
  },
  {
    id: "LOS",
    city: "Los Angeles",
    state: "CA",
    ori: "CAICE1100",
    states: [],
    // Los Angeles, Orange, Riverside, San Bernardino, Ventura, Santa Barbara, San Luis Obispo
    counties: ["06037", "06059", "06065", "06071", "06111", "06083", "06079"],
  },
  { id: "MIA", city: "Miami", state: "FL", ori: "FLICE1200", states: ["FL", "PR"] },
  { id: "NEW", city: "Newark", state: "NJ", ori: "NJICE1300", states: ["NJ"] },
  { id: "NOL", city: "New Orleans", state: "LA", ori: "LAICE1400", states: ["LA", "MS", "AL", "AR", "TN"] },
  {
    id: "NYC",
    city: "New York City",
    state: "NY",
    ori: "NYICE1500",
    states: [],
    // The five boroughs, Long Island and the lower Hudson Valley
    counties: [
      "36005",
      "36047",
      "36061",
      "36081",
      "36085",
      "36059",
      "36103",
      "36119",
      "36087",
      "36079",
      "36071",
      "36027",
      "36111",
      "36105",
    ],
  },
  { id: "PHI", city: "Philadelphia", state: "PA", ori: "PAICE1600", states: ["PA", "DE", "WV"] },
  { id: "PHO", city: "Phoenix", state: "AZ", ori: "AZICE1700", states: ["AZ"] },
  { id: "SLC", city: "Salt Lake City", state: "UT", ori: "UTICE1800", states: ["UT", "ID", "MT", "NV"] },
  {
    id: "SNA",
    city: "San Antonio",
    state: "TX",
    ori: "TXICE1900",
    states: [],
    // Bexar, Travis, Williamson, Hays, Comal, Guadalupe, Hidalgo, Cameron, Webb, Nueces, Val Verde, Maverick,
    // Starr, Zapata, Willacy, Kleberg, San Patricio, Victoria, McLennan, Bell, Kinney, Uvalde, Dimmit, Zavala
    counties: [
      "48029",
      "48453",
      "48491",
      "48209",
      "48091",
      "48187",
      "48215",
      "48061",
      "48479",
      "48355",
      "48465",
      "48323",
      "48427",
      "48505",
      "48489",
      "48273",
      "48409",
      "48469",
      "48309",
      "48027",
      "48271",
      "48463",
      "48127",
      "48507",
    ],
  },
  {
    id: "SND",
    city: "San Diego",
    state: "CA",
    ori: "CAICE2000",
    states: [],
    counties: ["06073", "06025"],
  },
  { id: "SFR", city: "San Francisco", state: "CA", ori: "CAICE2100", states: ["HI"] },
  { id: "SEA", city: "Seattle", state: "WA", ori: "WAICE2200", states: ["WA", "OR", "AK"] },
  { id: "SPM", city: "St. Paul", state: "MN", ori: "MNICE2300", states: ["MN", "IA", "NE", "ND", "SD"] },
  { id: "WAS", city: "Washington", state: "VA", ori: "VAICE2400", states: ["DC", "VA"] },
];

/** The office for counties of a split state that no county list names. */
export const SPLIT_STATE_DEFAULT_OFFICE: Readonly<Record<string, string>> = {
  NY: "BUF",
  CA: "SFR",
  TX: "DAL",
};
