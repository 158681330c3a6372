import type { CaseBooking, ImmigrationRecord, PersonName } from "../../lib/api/types.js";

/**
 * The booking's biographics beside the IDENT record's, field by field, with what differs marked.
 * Names compare without case, spacing or punctuation; an alias on either side that equals the other's
 * name counts as an alias match, not a difference. Pure.
 */
export type Agreement = "same" | "different" | "alias" | "missing";

export interface BiographicRow {
  readonly field: string;
  readonly label: string;
  readonly booking: string;
  readonly record: string;
  readonly agreement: Agreement;
}

function normalised(text: string | null | undefined): string {
  return (text ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");
}

function nameKey(name: PersonName): string {
  return [name.surname, name.given, name.middle].map(normalised).join("|");
}

/** Surname and given name; the middle name only counts when both sides have one. */
function sameName(a: PersonName, b: PersonName): boolean {
  const core = (n: PersonName) => `${normalised(n.surname)}|${normalised(n.given)}`;
  if (core(a) !== core(b)) return false;
  return !a.middle || !b.middle || normalised(a.middle) === normalised(b.middle);
}

export function displayName(name: PersonName): string {
  return `${name.surname}, ${[name.given, name.middle].filter(Boolean).join(" ")}`;
}

function displayDay(ccyymmdd: string | null | undefined): string {
  if (!ccyymmdd || /^0{8}$/.test(ccyymmdd)) return "";
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(ccyymmdd);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : ccyymmdd;
}

function compare(booking: string, record: string): Agreement {
  if (booking === "" || record === "") return "missing";
  return normalised(booking) === normalised(record) ? "same" : "different";
}

export function biographicDiff(booking: CaseBooking, record: ImmigrationRecord): BiographicRow[] {
  const nameAgreement: Agreement = sameName(booking.name, record.name)
    ? "same"
    : record.aliases.some((alias) => sameName(alias, booking.name)) ||
        booking.aliases.some((alias) => sameName(alias, record.name))
      ? "alias"
      : "different";
  const aliases = (names: readonly PersonName[]) => names.map(displayName).join("; ");
  const row = (field: string, label: string, b: string, r: string): BiographicRow => ({
    field,
    label,
    booking: b,
    record: r,
    agreement: compare(b, r),
  });
  const bookingAliases = new Set(booking.aliases.map(nameKey));
  const recordAliases = new Set(record.aliases.map(nameKey));
  const sharedAlias = [...bookingAliases].some((key) => recordAliases.has(key));
  return [
    {
      field: "name",
      label: "Name",
      booking: displayName(booking.name),
      record: displayName(record.name),
      agreement: nameAgreement,
    },
    {
      field: "aliases",
      label: "Aliases",
      booking: aliases(booking.aliases),
      record: aliases(record.aliases),
      agreement:
        booking.aliases.length === 0 || record.aliases.length === 0
          ? "missing"
          : sharedAlias
            ? "same"
            : nameAgreement === "alias"
              ? "alias"
              : "different",
    },
    row("dateOfBirth", "Date of birth", displayDay(booking.dateOfBirth), displayDay(record.dateOfBirth)),
    row("sex", "Sex", booking.sex, record.sex),
    row("placeOfBirth", "Place of birth", booking.placeOfBirth, record.placeOfBirth ?? ""),
    row("citizenship", "Citizenship", booking.citizenship ?? "", record.citizenship ?? ""),
    row("fbiNumber", "FBI number", booking.fbiNumber ?? "", record.fbiNumber ?? ""),
  ];
}

/** How many fields disagree outright (aliases and missing values are not disagreements). */
export function differenceCount(rows: readonly BiographicRow[]): number {
  return rows.filter((row) => row.agreement === "different").length;
}
