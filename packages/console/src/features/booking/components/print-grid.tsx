import { FINGER_POSITIONS, fingerName } from "../../../lib/fingers.js";
import { useImage } from "../../../lib/use-image.js";
import { fetchBookingPrint } from "../api/get-booking.js";

function PrintTile({ transactionId, position }: { transactionId: string; position: number }) {
  const image = useImage(["bookings", "print", transactionId, position], () =>
    fetchBookingPrint(transactionId, position),
  );
  return (
    <figure className="print-tile">
      <div className="print-tile__frame">
        {image.url ? (
          <img src={image.url} alt={`${fingerName(position)}, rolled print`} />
        ) : (
          <span className="hint">
            {image.isPending ? "Loading…" : image.missing ? "No print" : "Not available"}
          </span>
        )}
      </div>
      <figcaption>
        {position}. {fingerName(position)}
      </figcaption>
    </figure>
  );
}

/** The booking's ten rolled prints; each read is audited with its purpose. */
export function PrintGrid({ transactionId }: { transactionId: string }) {
  return (
    <div className="print-grid">
      {FINGER_POSITIONS.map((position) => (
        <PrintTile key={position} transactionId={transactionId} position={position} />
      ))}
    </div>
  );
}
