import { Badge } from "../../../components/badge.js";
import type { CaseBooking, ImmigrationRecord } from "../../../lib/api/types.js";
import { type Agreement, biographicDiff, differenceCount } from "../biographic-diff.js";

const AGREEMENT: Record<Agreement, { text: string; tone: "good" | "bad" | "info" | "neutral" }> = {
  same: { text: "same", tone: "good" },
  different: { text: "differs", tone: "bad" },
  alias: { text: "alias", tone: "info" },
  missing: { text: "not on both", tone: "neutral" },
};

/** The booking's biographics beside the IDENT record's; what differs is marked in words and colour. */
export function BiographicsTable({ booking, record }: { booking: CaseBooking; record: ImmigrationRecord }) {
  const rows = biographicDiff(booking, record);
  const differences = differenceCount(rows);
  return (
    <section className="card" aria-labelledby="biographics-heading">
      <h2 id="biographics-heading">
        Biographics{" "}
        <Badge tone={differences > 0 ? "bad" : "good"}>
          {differences === 0 ? "no difference" : `${differences} difference${differences === 1 ? "" : "s"}`}
        </Badge>
      </h2>
      <table className="table table--compact biographics">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Booking</th>
            <th scope="col">IDENT record</th>
            <th scope="col">
              <span className="visually-hidden">Agreement</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field} className={`biographics__row--${row.agreement}`}>
              <th scope="row">{row.label}</th>
              <td>{row.booking || <span className="hint">—</span>}</td>
              <td>{row.record || <span className="hint">—</span>}</td>
              <td>
                <Badge tone={AGREEMENT[row.agreement].tone}>{AGREEMENT[row.agreement].text}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
