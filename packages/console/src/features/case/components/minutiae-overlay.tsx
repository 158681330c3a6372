import type { ComparedTemplate } from "../../../lib/api/types.js";
import { SELECTORS } from "../../../testing/selectors.js";
import { type DrawnPair, directionTick, type Placement, place } from "../overlay-geometry.js";

const TICK = 9;

/** One print's minutiae: paired ones bold, the others faint; each with its direction. */
export function MinutiaeMarks({
  template,
  placement,
  paired,
  side,
  showUnpaired,
}: {
  template: ComparedTemplate;
  placement: Placement;
  paired: ReadonlySet<number>;
  side: "booking" | "candidate";
  showUnpaired: boolean;
}) {
  return (
    <g className={`minutiae minutiae--${side}`}>
      {template.minutiae.map((minutia, index) => {
        const isPaired = paired.has(index);
        if (!isPaired && !showUnpaired) return null;
        const at = place(minutia, placement);
        const tip = directionTick(at, minutia.direction, TICK);
        return (
          <g
            // biome-ignore lint/suspicious/noArrayIndexKey: minutiae are identified by their index
            key={index}
            className={isPaired ? "minutia minutia--paired" : "minutia"}
            data-testid={SELECTORS.overlayMinutia}
            data-side={side}
            data-index={index}
          >
            {minutia.type === "bifurcation" ? (
              <rect x={at.x - 3.5} y={at.y - 3.5} width={7} height={7} />
            ) : (
              <circle cx={at.x} cy={at.y} r={4} />
            )}
            <line x1={at.x} y1={at.y} x2={tip.x} y2={tip.y} />
          </g>
        );
      })}
    </g>
  );
}

/** The lines joining each booking minutia to its partner in the candidate's print. */
export function PairLines({
  pairs,
  bookingFrame,
  candidateFrame,
}: {
  pairs: readonly DrawnPair[];
  bookingFrame: ComparedTemplate;
  candidateFrame: ComparedTemplate;
}) {
  return (
    <g className="pair-lines">
      {pairs.map((pair) => {
        const b = bookingFrame.minutiae[pair.bookingIndex]!;
        const c = candidateFrame.minutiae[pair.candidateIndex]!;
        return (
          <line
            key={`${pair.bookingIndex}-${pair.candidateIndex}`}
            x1={pair.booking.x}
            y1={pair.booking.y}
            x2={pair.candidate.x}
            y2={pair.candidate.y}
            data-testid={SELECTORS.overlayPair}
            data-booking-index={pair.bookingIndex}
            data-candidate-index={pair.candidateIndex}
            data-booking-x={b.x}
            data-booking-y={b.y}
            data-candidate-x={c.x}
            data-candidate-y={c.y}
          />
        );
      })}
    </g>
  );
}
