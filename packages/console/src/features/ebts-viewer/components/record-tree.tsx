import { Badge } from "../../../components/badge.js";
import { fingerName } from "../../../lib/fingers.js";
import type { ViewerDocument, ViewerProblem, ViewerRecord } from "../describe-transaction.js";

/** A problem; `withField` names its field, for problems listed under the record (missing fields). */
function ProblemNote({ problem, withField = false }: { problem: ViewerProblem; withField?: boolean }) {
  return (
    <li className={`viewer-problem viewer-problem--${problem.severity}`}>
      <Badge tone={problem.severity === "error" ? "bad" : "warn"}>{problem.severity}</Badge>{" "}
      {withField ? (
        <span className="mono">
          {problem.tag} {problem.mnemonic !== "-" ? problem.mnemonic : ""}:{" "}
        </span>
      ) : null}
      {problem.reason}
      {problem.offset !== null ? <span className="hint"> · byte {problem.offset}</span> : null}
    </li>
  );
}

function RecordNode({
  record,
  problems,
  open,
}: {
  record: ViewerRecord;
  problems: readonly ViewerProblem[];
  open: boolean;
}) {
  const own = problems.filter((problem) => problem.recordIndex === record.index);
  const errors = own.filter((problem) => problem.severity === "error").length;
  return (
    <details className="viewer-record" open={open}>
      <summary>
        <span className="viewer-record__title">
          Record {record.index} · Type-{record.type} <span className="hint">{record.typeName}</span>
          {record.fingerPosition ? (
            <span className="hint"> · {fingerName(record.fingerPosition)}</span>
          ) : null}
        </span>
        <span className="viewer-record__meta">
          {record.offset !== null ? <span className="hint mono">@{record.offset}</span> : null}
          {errors > 0 ? (
            <Badge tone="bad">
              {errors} error{errors === 1 ? "" : "s"}
            </Badge>
          ) : null}
        </span>
      </summary>
      {record.recordProblems.length > 0 ? (
        <ul className="viewer-problems">
          {own
            .filter((problem) => !record.fields.some((field) => field.tag === problem.tag))
            .map((problem, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id
              <ProblemNote key={index} problem={problem} withField />
            ))}
        </ul>
      ) : null}
      <table className="table table--compact viewer-fields">
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col" className="numeric">
              Offset
            </th>
          </tr>
        </thead>
        <tbody>
          {record.fields.map((field) => {
            const fieldProblems = own.filter((problem) => problem.tag === field.tag);
            return (
              <tr key={field.tag} className={fieldProblems.length > 0 ? "has-problem" : undefined}>
                <td className="mono">{field.tag}</td>
                <td>
                  {field.mnemonic ? <strong>{field.mnemonic}</strong> : null}{" "}
                  {field.name ? <span className="hint">{field.name}</span> : null}
                </td>
                <td>
                  <span className="viewer-value">{field.value}</span>
                  {fieldProblems.length > 0 ? (
                    <ul className="viewer-problems">
                      {fieldProblems.map((problem, index) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id
                        <ProblemNote key={index} problem={problem} />
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td className="numeric mono">{field.offset ?? ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

/** Records and fields as a tree, named from the EBTS dictionary, with each problem beside its field. */
export function RecordTree({ document }: { document: ViewerDocument }) {
  return (
    <div className="viewer-tree">
      {document.records.map((record) => (
        <RecordNode key={record.index} record={record} problems={document.problems} open={record.index < 2} />
      ))}
    </div>
  );
}
