import type { CaseBooking, ImmigrationRecord } from "../../../lib/api/types.js";
import { formatCcyymmdd } from "../../../lib/format.js";

/** What IDENT holds beyond biographics, and the arrest the booking is for. */
export function RecordPanel({ record, booking }: { record: ImmigrationRecord; booking: CaseBooking }) {
  return (
    <section className="card" aria-labelledby="record-heading">
      <h2 id="record-heading">
        IDENT record {record.synthetic ? <span className="hint">(synthetic)</span> : null}
      </h2>
      <dl className="kv">
        <dt>FIN</dt>
        <dd className="mono">{record.fin ?? record.identity}</dd>
        <dt>A-number</dt>
        <dd className="mono">{record.aNumber ?? "—"}</dd>
        <dt>Recorded status</dt>
        <dd>{record.recordedStatus?.replaceAll("_", " ").toLowerCase() ?? "—"}</dd>
        {record.corroboration?.naturalizedOn ? (
          <>
            <dt>USCIS</dt>
            <dd>naturalised {formatCcyymmdd(record.corroboration.naturalizedOn.replaceAll("-", ""))}</dd>
          </>
        ) : null}
        {record.corroboration?.usBirthRecord ? (
          <>
            <dt>Vital records</dt>
            <dd>US birth record found</dd>
          </>
        ) : null}
      </dl>
      {record.encounters && record.encounters.length > 0 ? (
        <>
          <h3>Encounters</h3>
          <ul className="encounters">
            {record.encounters.map((encounter, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: encounters have no id of their own here
              <li key={index}>
                <span className="mono">{formatCcyymmdd(encounter.date)}</span>{" "}
                {encounter.kind.replaceAll("_", " ").toLowerCase()}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>This arrest</h3>
      <dl className="kv">
        <dt>Arrested</dt>
        <dd>
          {formatCcyymmdd(booking.arrest.date)} by <span className="mono">{booking.arrest.agencyOri}</span>
        </dd>
        <dt>Charges</dt>
        <dd>
          {booking.arrest.charges
            .map((charge) => `${charge.literal}${charge.ncic ? ` (${charge.ncic})` : ""}`)
            .join("; ")}
        </dd>
      </dl>
    </section>
  );
}
