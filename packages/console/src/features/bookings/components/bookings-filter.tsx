import { useId } from "react";
import type { BookingsSearch } from "../../../app/search-params.js";
import { BOOKING_STATE_ORDER, BOOKING_STATES } from "../../../lib/states.js";

/** State and date filters; every change goes to the URL, so a filtered list can be shared or reloaded. */
export function BookingsFilter({
  search,
  onChange,
}: {
  search: BookingsSearch;
  onChange: (search: BookingsSearch) => void;
}) {
  const id = useId();
  const set = (patch: Partial<BookingsSearch>) => {
    const next: BookingsSearch = { ...search, ...patch };
    delete next.page;
    for (const key of Object.keys(next) as (keyof BookingsSearch)[]) if (!next[key]) delete next[key];
    onChange(next);
  };
  return (
    <form className="toolbar" aria-label="Filter bookings" onSubmit={(e) => e.preventDefault()}>
      <div>
        <label htmlFor={`${id}-state`}>State</label>
        <select
          id={`${id}-state`}
          value={search.state ?? ""}
          onChange={(e) => set({ state: e.target.value })}
        >
          <option value="">Any state</option>
          {BOOKING_STATE_ORDER.map((state) => (
            <option key={state} value={state}>
              {BOOKING_STATES[state].label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-from`}>Received from</label>
        <input
          id={`${id}-from`}
          type="date"
          value={search.from ?? ""}
          max={search.to}
          onChange={(e) => set({ from: e.target.value })}
        />
      </div>
      <div>
        <label htmlFor={`${id}-to`}>to</label>
        <input
          id={`${id}-to`}
          type="date"
          value={search.to ?? ""}
          min={search.from}
          onChange={(e) => set({ to: e.target.value })}
        />
      </div>
      {search.state || search.from || search.to ? (
        <button type="button" className="button" onClick={() => onChange({})}>
          Clear filters
        </button>
      ) : null}
    </form>
  );
}
