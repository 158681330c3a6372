import { type DragEvent, type KeyboardEvent, useId, useRef, useState } from "react";

/**
 * Drop a file here, or choose one. Keyboard users reach the picker with Tab and Enter/Space; the zone
 * says what it accepts.
 */
export function DropZone({
  onFile,
  disabled,
  label,
  hint,
  accept,
}: {
  onFile: (file: File) => void;
  disabled?: boolean;
  label: string;
  hint: string;
  accept?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();

  function drop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  }

  function key(event: KeyboardEvent) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      input.current?.click();
    }
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a drop target that is also the picker's button
    <div
      className={`drop-zone${over ? " drop-zone--over" : ""}${disabled ? " drop-zone--disabled" : ""}`}
      role="button"
      tabIndex={disabled ? -1 : 0}
      aria-disabled={disabled}
      aria-describedby={hintId}
      onClick={() => !disabled && input.current?.click()}
      onKeyDown={key}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <span className="drop-zone__label">{label}</span>
      <span id={hintId} className="drop-zone__hint">
        {hint}
      </span>
      <input
        ref={input}
        type="file"
        hidden
        accept={accept}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          event.target.value = "";
        }}
      />
    </div>
  );
}
