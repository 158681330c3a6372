import { describe, expect, it } from "vitest";
import {
  directionTick,
  fitContain,
  pairLayout,
  pairLines,
  place,
} from "../src/features/case/overlay-geometry.js";

describe("overlay geometry", () => {
  it("fits a frame inside a box, centred, keeping its aspect ratio", () => {
    expect(fitContain({ width: 640, height: 600 }, { width: 320, height: 400 })).toEqual({
      x: 0,
      y: 50,
      width: 320,
      height: 300,
      scale: 0.5,
    });
    expect(fitContain({ width: 200, height: 400 }, { width: 400, height: 400 }, 10, 20)).toEqual({
      x: 110,
      y: 20,
      width: 200,
      height: 400,
      scale: 1,
    });
    expect(() => fitContain({ width: 0, height: 10 }, { width: 1, height: 1 })).toThrow(RangeError);
  });

  it("lays the booking's print left and the candidate's right of the gap", () => {
    const layout = pairLayout(
      { width: 500, height: 500 },
      { width: 1000, height: 500 },
      { width: 400, height: 400 },
      50,
    );
    expect(layout.size).toEqual({ width: 850, height: 400 });
    expect(layout.booking).toEqual({ x: 0, y: 0, width: 400, height: 400, scale: 0.8 });
    expect(layout.candidate).toEqual({ x: 450, y: 100, width: 400, height: 200, scale: 0.4 });
  });

  it("places a minutia by the frame's scale and offset", () => {
    expect(place({ x: 100, y: 40 }, { x: 450, y: 100, width: 400, height: 200, scale: 0.4 })).toEqual({
      x: 490,
      y: 116,
    });
  });

  it("points a direction tick counter-clockwise from +x with y growing downwards", () => {
    const at = { x: 10, y: 10 };
    const east = directionTick(at, 0, 5);
    expect(east.x).toBeCloseTo(15);
    expect(east.y).toBeCloseTo(10);
    const north = directionTick(at, Math.PI / 2, 5);
    expect(north.x).toBeCloseTo(10);
    expect(north.y).toBeCloseTo(5);
  });

  it("joins each pair from its booking minutia to its candidate minutia", () => {
    const layout = pairLayout(
      { width: 100, height: 100 },
      { width: 100, height: 100 },
      { width: 100, height: 100 },
      20,
    );
    const lines = pairLines(
      [
        { booking: 1, candidate: 0 },
        { booking: 0, candidate: 1 },
      ],
      [
        { x: 10, y: 20 },
        { x: 30, y: 40 },
      ],
      [
        { x: 5, y: 6 },
        { x: 7, y: 8 },
      ],
      layout,
    );
    expect(lines).toEqual([
      { booking: { x: 30, y: 40 }, candidate: { x: 125, y: 6 }, bookingIndex: 1, candidateIndex: 0 },
      { booking: { x: 10, y: 20 }, candidate: { x: 127, y: 8 }, bookingIndex: 0, candidateIndex: 1 },
    ]);
    expect(() => pairLines([{ booking: 5, candidate: 0 }], [], [{ x: 0, y: 0 }], layout)).toThrow(
      /do not exist/,
    );
  });
});
