/**
 * Legal public holidays, 5 U.S.C. 6103(a), as rules rather than a list of dates so that any year can be
 * computed. Weekday 0 = Sunday … 6 = Saturday; months 1–12. `from`/`until` bound the years a rule applied:
 * the Uniform Monday Holiday Act (in force 1971) moved Washington's Birthday, Memorial Day, Columbus Day
 * and (until 1977) Veterans Day to Mondays; MLK Day was first observed in 1986; Juneteenth in 2021.
 */
export type HolidayRule =
  | {
      readonly name: string;
      readonly kind: "fixed";
      readonly month: number;
      readonly day: number;
      readonly from?: number;
      readonly until?: number;
    }
  | {
      readonly name: string;
      readonly kind: "nth-weekday";
      readonly month: number;
      readonly weekday: number;
      readonly nth: number;
      readonly from?: number;
      readonly until?: number;
    }
  | {
      readonly name: string;
      readonly kind: "last-weekday";
      readonly month: number;
      readonly weekday: number;
      readonly from?: number;
      readonly until?: number;
    };

export const FEDERAL_HOLIDAY_RULES: readonly HolidayRule[] = [
  { name: "New Year's Day", kind: "fixed", month: 1, day: 1 },
  {
    name: "Birthday of Martin Luther King, Jr.",
    kind: "nth-weekday",
    month: 1,
    weekday: 1,
    nth: 3,
    from: 1986,
  },
  { name: "Washington's Birthday", kind: "nth-weekday", month: 2, weekday: 1, nth: 3 },
  { name: "Memorial Day", kind: "last-weekday", month: 5, weekday: 1 },
  { name: "Juneteenth National Independence Day", kind: "fixed", month: 6, day: 19, from: 2021 },
  { name: "Independence Day", kind: "fixed", month: 7, day: 4 },
  { name: "Labor Day", kind: "nth-weekday", month: 9, weekday: 1, nth: 1 },
  { name: "Columbus Day", kind: "nth-weekday", month: 10, weekday: 1, nth: 2 },
  { name: "Veterans Day", kind: "nth-weekday", month: 10, weekday: 1, nth: 4, until: 1977 },
  { name: "Veterans Day", kind: "fixed", month: 11, day: 11, from: 1978 },
  { name: "Thanksgiving Day", kind: "nth-weekday", month: 11, weekday: 4, nth: 4 },
  { name: "Christmas Day", kind: "fixed", month: 12, day: 25 },
];

/**
 * Inauguration Day (5 U.S.C. 6103(c)): January 20 of each fourth year after 1965, a holiday only for
 * federal employees in the District of Columbia area; when it falls on a Sunday the Monday is observed,
 * and there is no Saturday rule. Off by default because detainer facilities are mostly elsewhere.
 */
export const INAUGURATION_DAY = {
  name: "Inauguration Day",
  month: 1,
  day: 20,
  firstYear: 1965,
  everyYears: 4,
} as const;
