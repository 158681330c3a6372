import { Page } from "../../../components/page.js";
import { EmptyState, ErrorPanel, Loading } from "../../../components/status.js";
import { can } from "../../../lib/capabilities.js";
import { useJurisdictions } from "../../pmo-map/api/jurisdictions.js";
import { useMe } from "../../sign-in/api/get-me.js";
import { useMonthlyReport, useStatistics } from "../api/statistics.js";
import { byState, FIGURES, monthly } from "../statistics-tables.js";
import { MonthlyChart } from "./monthly-chart.js";
import "./statistics.css";

const int = (n: number) => n.toLocaleString("en-US");

/** The programme's figures: totals, a monthly chart and the table by state, with each state's report. */
export function StatisticsPage() {
  const me = useMe();
  const stats = useStatistics();
  const jurisdictions = useJurisdictions();
  const report = useMonthlyReport();
  const canReport = can(me.data, "GET /v1/reports/monthly");
  const months = stats.data ? monthly(stats.data) : [];
  const states = stats.data ? byState(stats.data, jurisdictions.data?.items ?? []) : [];
  return (
    <Page
      title="Programme statistics"
      subtitle="Bookings received and what came of them, as the hub counts them."
    >
      {stats.isPending ? <Loading label="Counting…" /> : null}
      {stats.isError ? <ErrorPanel error={stats.error} title="The statistics could not be loaded" /> : null}
      {report.isError ? <ErrorPanel error={report.error} title="The report could not be produced" /> : null}
      {stats.data ? (
        <>
          <dl className="stat-tiles" aria-label="Totals">
            {FIGURES.map((figure) => (
              <div key={figure.key} className="stat-tile">
                <dt>{figure.label}</dt>
                <dd>{int(stats.data.overall[figure.key])}</dd>
              </div>
            ))}
          </dl>
          <h2>By month</h2>
          {months.length === 0 ? (
            <EmptyState title="No bookings yet" />
          ) : (
            <>
              <MonthlyChart months={months} />
              <table className="table">
                <caption className="visually-hidden">Figures by month</caption>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    {FIGURES.map((f) => (
                      <th key={f.key} scope="col" className="numeric">
                        {f.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {months.map((m) => (
                    <tr key={m.month}>
                      <th scope="row">{m.month}</th>
                      {FIGURES.map((f) => (
                        <td key={f.key} className="numeric">
                          {int(m.counts[f.key])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <h2>By state</h2>
          <table className="table">
            <caption className="visually-hidden">Figures by state</caption>
            <thead>
              <tr>
                <th scope="col">State</th>
                {FIGURES.map((f) => (
                  <th key={f.key} scope="col" className="numeric">
                    {f.label}
                  </th>
                ))}
                {canReport ? <th scope="col">Monthly report</th> : null}
              </tr>
            </thead>
            <tbody>
              {states.map((s) => (
                <tr key={s.state}>
                  <th scope="row">{s.state}</th>
                  {FIGURES.map((f) => (
                    <td key={f.key} className="numeric">
                      {int(s.counts[f.key])}
                    </td>
                  ))}
                  {canReport ? (
                    <td>
                      {s.state !== "unknown" ? (
                        <button
                          type="button"
                          className="link-button"
                          disabled={report.isPending}
                          onClick={() => report.mutate(s.state)}
                        >
                          {s.state} monthly report (HTML)
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Page>
  );
}
