/**
 * Regions grouping the states for deployment, each run by a coordinator. The deck names regional
 * coordinators but not the regions' borders, so this grouping is Tenprint's own (contiguous census-style
 * areas), and the coordinators' ORIs are synthetic.
 */
export interface ProgrammeRegion {
  readonly id: string;
  readonly name: string;
  /** The ORI whose PMO keys act as the region's coordinator (synthetic). */
  readonly coordinatorOri: string;
  readonly states: readonly string[];
}

export const PROGRAMME_REGIONS: readonly ProgrammeRegion[] = [
  {
    id: "R1",
    name: "Northeast",
    coordinatorOri: "DCICER100",
    states: ["CT", "MA", "ME", "NH", "NJ", "NY", "PA", "RI", "VT"],
  },
  {
    id: "R2",
    name: "Southeast",
    coordinatorOri: "DCICER200",
    states: ["AL", "DC", "DE", "FL", "GA", "KY", "MD", "MS", "NC", "PR", "SC", "TN", "VA", "WV"],
  },
  {
    id: "R3",
    name: "Central",
    coordinatorOri: "DCICER300",
    states: ["IA", "IL", "IN", "KS", "MI", "MN", "MO", "ND", "NE", "OH", "SD", "WI"],
  },
  { id: "R4", name: "South Central", coordinatorOri: "DCICER400", states: ["AR", "LA", "NM", "OK", "TX"] },
  {
    id: "R5",
    name: "West",
    coordinatorOri: "DCICER500",
    states: ["AK", "AZ", "CA", "CO", "HI", "ID", "MT", "NV", "OR", "UT", "WA", "WY"],
  },
];
