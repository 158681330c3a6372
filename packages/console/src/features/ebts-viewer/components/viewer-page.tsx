import { Badge } from "../../../components/badge.js";
import { DropZone } from "../../../components/drop-zone.js";
import { Page } from "../../../components/page.js";
import { ErrorPanel, Loading } from "../../../components/status.js";
import { ImageGallery } from "./image-gallery.js";
import { RecordTree } from "./record-tree.js";
import { useViewerWorker } from "./use-viewer-worker.js";
import "./viewer.css";

/**
 * Open a local EBTS / ANSI/NIST-ITL file: it is read in this browser only (never sent to the hub),
 * parsed, validated against its EBTS profile and its images decoded, all by @tenprint/nist in a worker.
 */
export function ViewerPage() {
  const { state, open } = useViewerWorker();
  const { document } = state;
  const errors = document?.problems.filter((problem) => problem.severity === "error").length ?? 0;
  const warnings = (document?.problems.length ?? 0) - errors;
  return (
    <Page
      wide
      title="EBTS file viewer"
      subtitle="The file is read in this browser only: nothing is sent to the hub."
    >
      <DropZone
        label={
          state.fileName
            ? `Open another file (showing ${state.fileName})`
            : "Drop an EBTS or ANSI/NIST file here, or choose one"
        }
        hint="Traditional encoding (.eft, .an2, .nist, .int). Records, fields, EBTS problems and images, WSQ included."
        onFile={(file) => void open(file)}
      />
      {state.status === "reading" ? <Loading label={`Reading ${state.fileName}…`} /> : null}
      {state.status === "failed" ? (
        <ErrorPanel error={new Error(state.error)} title="The file could not be shown" />
      ) : null}
      {document?.parseError ? (
        <ErrorPanel
          title={`${state.fileName} is not a readable ANSI/NIST-ITL file`}
          error={
            new Error(
              `${document.parseError.message}${
                document.parseError.offset !== null ? ` (byte ${document.parseError.offset})` : ""
              }`,
            )
          }
        />
      ) : null}
      {document && !document.parseError ? (
        <>
          <section className="viewer-summary card" aria-label="File summary">
            <dl className="kv">
              <dt>File</dt>
              <dd>
                {state.fileName} · {document.bytes.toLocaleString("en-US")} bytes
              </dd>
              <dt>Transaction</dt>
              <dd>
                {document.tot ?? "no TOT"}{" "}
                {document.profile ? <span className="hint">{document.profile}</span> : null}
              </dd>
              <dt>Records</dt>
              <dd>{document.records.length}</dd>
              <dt>EBTS validation</dt>
              <dd>
                {errors === 0 ? <Badge tone="good">valid</Badge> : <Badge tone="bad">{errors} errors</Badge>}{" "}
                {warnings > 0 ? <Badge tone="warn">{warnings} warnings</Badge> : null}
                {document.profile ? null : <span className="hint"> (no EBTS profile for this TOT)</span>}
              </dd>
            </dl>
          </section>
          <div className="viewer-layout">
            <section aria-labelledby="records-heading">
              <h2 id="records-heading">Records and fields</h2>
              <RecordTree document={document} />
            </section>
            <section aria-labelledby="images-heading">
              <h2 id="images-heading">Images</h2>
              <ImageGallery
                records={document.records}
                images={state.images}
                decoding={state.status === "decoding"}
              />
            </section>
          </div>
        </>
      ) : null}
    </Page>
  );
}
