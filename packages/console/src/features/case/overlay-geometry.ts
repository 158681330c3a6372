/**
 * Geometry of the side-by-side print comparison: where each print sits in the drawing and where its
 * minutiae land. Minutiae are in the engine's 500 ppi frame (afis `minutia.ts`: x right, y down,
 * direction counter-clockwise from +x as seen on screen); each print is drawn to fit its panel with its
 * frame's aspect ratio, so frame coordinates map onto the image by one scale and offset. Pure.
 */
export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where a frame is drawn: top-left corner and the scale from frame pixels to drawing units. */
export interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly scale: number;
}

export interface PairLayout {
  /** The whole drawing (the SVG viewBox). */
  readonly size: Size;
  readonly booking: Placement;
  readonly candidate: Placement;
}

/** The largest placement of `frame` inside the box at (left, top) of `box` size, centred. */
export function fitContain(frame: Size, box: Size, left = 0, top = 0): Placement {
  if (!(frame.width > 0 && frame.height > 0)) throw new RangeError("a print frame must have a positive size");
  const scale = Math.min(box.width / frame.width, box.height / frame.height);
  const width = frame.width * scale;
  const height = frame.height * scale;
  return { x: left + (box.width - width) / 2, y: top + (box.height - height) / 2, width, height, scale };
}

/** Two panels of `panel` size with `gap` between them: the booking's print left, the candidate's right. */
export function pairLayout(booking: Size, candidate: Size, panel: Size, gap: number): PairLayout {
  return {
    size: { width: panel.width * 2 + gap, height: panel.height },
    booking: fitContain(booking, panel, 0, 0),
    candidate: fitContain(candidate, panel, panel.width + gap, 0),
  };
}

/** A minutia's frame position in drawing units. */
export function place(point: Point, placement: Placement): Point {
  return { x: placement.x + point.x * placement.scale, y: placement.y + point.y * placement.scale };
}

/** The end of a minutia's direction tick of `length` drawing units (y grows downwards on screen). */
export function directionTick(at: Point, direction: number, length: number): Point {
  return { x: at.x + Math.cos(direction) * length, y: at.y - Math.sin(direction) * length };
}

export interface DrawnPair {
  readonly booking: Point;
  readonly candidate: Point;
  /** Indices into the two minutia lists, as the hub gave them. */
  readonly bookingIndex: number;
  readonly candidateIndex: number;
}

/**
 * The lines joining paired minutiae across the two prints. A pair naming a minutia that does not exist
 * is a broken explanation: it throws rather than drawing a line to nowhere.
 */
export function pairLines(
  pairs: readonly { readonly booking: number; readonly candidate: number }[],
  bookingMinutiae: readonly Point[],
  candidateMinutiae: readonly Point[],
  layout: PairLayout,
): DrawnPair[] {
  return pairs.map((pair, index) => {
    const b = bookingMinutiae[pair.booking];
    const c = candidateMinutiae[pair.candidate];
    if (!b || !c)
      throw new RangeError(
        `pair ${index} names minutiae ${pair.booking}/${pair.candidate} that do not exist`,
      );
    return {
      booking: place(b, layout.booking),
      candidate: place(c, layout.candidate),
      bookingIndex: pair.booking,
      candidateIndex: pair.candidate,
    };
  });
}
