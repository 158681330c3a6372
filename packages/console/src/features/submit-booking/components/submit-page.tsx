import { useState } from "react";
import { DropZone } from "../../../components/drop-zone.js";
import { Page } from "../../../components/page.js";
import { ErrorPanel } from "../../../components/status.js";
import { ApiProblem } from "../../../lib/api-problem.js";
import { useSubmitBooking } from "../api/submit-booking.js";
import { SubmissionResult } from "./submission-result.js";
import "./submit.css";

/** An LEA or SIB submits an EBTS booking: the hub answers 202, 200, 422 with the problems, or 413. */
export function SubmitPage() {
  const submission = useSubmitBooking();
  const [fileName, setFileName] = useState<string>();

  function send(file: File) {
    setFileName(file.name);
    submission.mutate(file);
  }

  const tooLarge = submission.error instanceof ApiProblem && submission.error.status === 413;
  return (
    <Page title="Submit a booking" subtitle="An EBTS CAR or CNA file with the subject's ten prints.">
      <DropZone
        label={submission.isPending ? `Sending ${fileName} …` : "Drop an EBTS file here, or choose one"}
        hint="ANSI/NIST-ITL traditional encoding (.eft, .an2, .nist). The hub validates it against the EBTS profile."
        disabled={submission.isPending}
        onFile={send}
      />
      <div className="submit-result">
        {submission.data && fileName ? (
          <SubmissionResult outcome={submission.data} fileName={fileName} />
        ) : null}
        {submission.error ? (
          <ErrorPanel
            error={submission.error}
            title={tooLarge ? `${fileName} is too large for the hub (413)` : `${fileName} was not submitted`}
          />
        ) : null}
      </div>
    </Page>
  );
}
