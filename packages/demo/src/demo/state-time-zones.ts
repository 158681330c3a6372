/**
 * The IANA zone most of each state's population lives in; a facility's hold clock counts days in it.
 * States split across zones (Texas, Florida, Indiana, …) get their majority zone: the demo's facilities
 * are synthetic, and a real deployment records each facility's own zone in the directory.
 */
const ZONES: Readonly<Record<string, readonly string[]>> = {
  "America/New_York": [
    "CT",
    "DC",
    "DE",
    "FL",
    "GA",
    "IN",
    "KY",
    "MA",
    "MD",
    "ME",
    "MI",
    "NC",
    "NH",
    "NJ",
    "NY",
    "OH",
    "PA",
    "RI",
    "SC",
    "VA",
    "VT",
    "WV",
  ],
  "America/Chicago": [
    "AL",
    "AR",
    "IA",
    "IL",
    "KS",
    "LA",
    "MN",
    "MO",
    "MS",
    "ND",
    "NE",
    "OK",
    "SD",
    "TN",
    "TX",
    "WI",
  ],
  "America/Denver": ["CO", "ID", "MT", "NM", "UT", "WY"],
  "America/Phoenix": ["AZ"],
  "America/Los_Angeles": ["CA", "NV", "OR", "WA"],
  "America/Anchorage": ["AK"],
  "Pacific/Honolulu": ["HI"],
  "America/Puerto_Rico": ["PR"],
};

const BY_STATE = new Map(
  Object.entries(ZONES).flatMap(([zone, states]) => states.map((state) => [state, zone])),
);

export function stateTimeZone(state: string): string {
  return BY_STATE.get(state) ?? "America/New_York";
}
