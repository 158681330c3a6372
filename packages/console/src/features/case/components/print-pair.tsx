import { useMemo, useState } from "react";
import type { FingerComparison } from "../../../lib/api/types.js";
import { fingerName } from "../../../lib/fingers.js";
import { useImage } from "../../../lib/use-image.js";
import { SELECTORS } from "../../../testing/selectors.js";
import { casePrintQuery } from "../api/get-case.js";
import { type Placement, pairLayout, pairLines } from "../overlay-geometry.js";
import { MinutiaeMarks, PairLines } from "./minutiae-overlay.js";

const PANEL = { width: 480, height: 460 };
const GAP = 56;

function PrintImage({
  transactionId,
  side,
  position,
  placement,
}: {
  transactionId: string;
  side: "booking" | "candidate";
  position: number;
  placement: Placement;
}) {
  const print = casePrintQuery(transactionId, side, position);
  const image = useImage(print.queryKey, print.queryFn);
  const { x, y, width, height } = placement;
  if (image.url)
    return <image href={image.url} x={x} y={y} width={width} height={height} preserveAspectRatio="none" />;
  return (
    <g>
      <rect x={x} y={y} width={width} height={height} className="print-pair__blank" />
      <text x={x + width / 2} y={y + height / 2} textAnchor="middle" className="print-pair__blank-text">
        {image.isPending
          ? "Loading print…"
          : image.missing
            ? "No enrolled image: minutiae only"
            : "Print unavailable"}
      </text>
    </g>
  );
}

/**
 * The booking's print and the candidate's enrolled print of one finger, side by side in one drawing,
 * with their minutiae and the matcher's pairs joined across.
 */
export function PrintPair({ transactionId, finger }: { transactionId: string; finger: FingerComparison }) {
  const [joinPairs, setJoinPairs] = useState(true);
  const [showUnpaired, setShowUnpaired] = useState(true);
  const { booking, candidate } = finger;
  const layout = useMemo(
    () => (booking && candidate ? pairLayout(booking, candidate, PANEL, GAP) : undefined),
    [booking, candidate],
  );
  const lines = useMemo(
    () =>
      layout && booking && candidate
        ? pairLines(finger.pairs, booking.minutiae, candidate.minutiae, layout)
        : [],
    [layout, finger.pairs, booking, candidate],
  );
  if (!layout || !booking || !candidate)
    return (
      <p className="hint">
        {fingerName(finger.position)}:{" "}
        {booking ? "the candidate has no enrolled print here." : "the booking has no print here."}
      </p>
    );
  const pairedBooking = new Set(finger.pairs.map((pair) => pair.booking));
  const pairedCandidate = new Set(finger.pairs.map((pair) => pair.candidate));
  return (
    <figure className="print-pair" data-testid={SELECTORS.printPair} data-position={finger.position}>
      <div className="print-pair__labels" aria-hidden="true">
        <span>Booking</span>
        <span>Enrolled (IDENT)</span>
      </div>
      <svg
        viewBox={`0 0 ${layout.size.width} ${layout.size.height}`}
        className="print-pair__drawing"
        role="img"
        aria-label={`${fingerName(finger.position)}: booking print and enrolled print, ${finger.pairs.length} paired minutiae joined`}
      >
        <rect className="print-pair__panel" x={0} y={0} width={PANEL.width} height={PANEL.height} />
        <rect
          className="print-pair__panel"
          x={PANEL.width + GAP}
          y={0}
          width={PANEL.width}
          height={PANEL.height}
        />
        <PrintImage
          transactionId={transactionId}
          side="booking"
          position={finger.position}
          placement={layout.booking}
        />
        <PrintImage
          transactionId={transactionId}
          side="candidate"
          position={finger.position}
          placement={layout.candidate}
        />
        <MinutiaeMarks
          template={booking}
          placement={layout.booking}
          paired={pairedBooking}
          side="booking"
          showUnpaired={showUnpaired}
        />
        <MinutiaeMarks
          template={candidate}
          placement={layout.candidate}
          paired={pairedCandidate}
          side="candidate"
          showUnpaired={showUnpaired}
        />
        {joinPairs ? <PairLines pairs={lines} bookingFrame={booking} candidateFrame={candidate} /> : null}
      </svg>
      <figcaption className="print-pair__caption">
        <span>
          {fingerName(finger.position)} · {finger.pairs.length} paired of {booking.minutiae.length} and{" "}
          {candidate.minutiae.length} minutiae · ● ending ■ bifurcation
        </span>
        <span className="print-pair__toggles">
          <label>
            <input type="checkbox" checked={joinPairs} onChange={(e) => setJoinPairs(e.target.checked)} />{" "}
            Join pairs
          </label>
          <label>
            <input
              type="checkbox"
              checked={showUnpaired}
              onChange={(e) => setShowUnpaired(e.target.checked)}
            />{" "}
            Unpaired minutiae
          </label>
        </span>
      </figcaption>
    </figure>
  );
}
