import { Badge } from "../../../components/badge.js";
import type { CaseComparison } from "../../../lib/api/types.js";
import { fingerName, fingerShortName } from "../../../lib/fingers.js";
import { formatRate } from "../../../lib/format.js";

/**
 * The strength of the match: fused FMR, FPIR at the gallery's size, and each finger's score and FMR. A
 * rate beyond the calibrated range is an upper bound and says so.
 */
export function MatchFigures({
  comparison,
  selected,
  onSelect,
}: {
  comparison: CaseComparison;
  selected: number;
  onSelect: (position: number) => void;
}) {
  const { fused } = comparison;
  const bound = (extrapolated: boolean) => (extrapolated ? "≤ " : "");
  return (
    <section className="card match-figures" aria-labelledby="match-heading">
      <h2 id="match-heading">Match strength</h2>
      <dl className="kv">
        <dt>Fused FMR</dt>
        <dd>
          {bound(fused.extrapolated)}
          {formatRate(fused.fmr)}
        </dd>
        <dt>FPIR</dt>
        <dd>
          {bound(fused.extrapolated)}
          {formatRate(fused.fpir)}{" "}
          <span className="hint">at a gallery of {comparison.gallerySize.toLocaleString("en-US")}</span>
        </dd>
        <dt>Fingers compared</dt>
        <dd>{fused.fingersCompared}</dd>
      </dl>
      {fused.extrapolated ? (
        <p className="notice notice--info match-figures__flag">
          <Badge tone="info">Beyond the calibrated range</Badge> Some finger scored higher than any impostor
          the calibration measured: these rates are upper bounds, not estimates.
        </p>
      ) : null}
      <table className="table table--compact">
        <caption className="visually-hidden">Per-finger scores</caption>
        <thead>
          <tr>
            <th scope="col">Finger</th>
            <th scope="col" className="numeric">
              Pairs
            </th>
            <th scope="col" className="numeric">
              Score
            </th>
            <th scope="col" className="numeric">
              FMR
            </th>
          </tr>
        </thead>
        <tbody>
          {comparison.fingers.map((finger) => (
            <tr key={finger.position} className={finger.position === selected ? "is-selected" : undefined}>
              <td>
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={finger.position === selected}
                  onClick={() => onSelect(finger.position)}
                  title={fingerName(finger.position)}
                >
                  {finger.position} {fingerShortName(finger.position)}
                </button>
              </td>
              <td className="numeric">{finger.pairs.length}</td>
              <td className="numeric">{finger.score.toFixed(1)}</td>
              <td className="numeric">
                {finger.booking && finger.candidate ? (
                  <>
                    {bound(finger.extrapolated)}
                    {formatRate(finger.fmr)}
                    {finger.extrapolated ? (
                      <span className="visually-hidden"> (beyond the calibrated range)</span>
                    ) : null}
                  </>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        The search decided on FMR <span className="rate">{formatRate(comparison.search.fmr)}</span>, FPIR{" "}
        <span className="rate">{formatRate(comparison.search.fpir)}</span>.
      </p>
    </section>
  );
}
