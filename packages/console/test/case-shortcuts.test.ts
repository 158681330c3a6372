import { describe, expect, it } from "vitest";
import { caseShortcut, neighbours } from "../src/features/case/case-shortcuts.js";

describe("case page shortcuts", () => {
  it("maps letters to actions, in either case", () => {
    expect(caseShortcut({ key: "j" })).toBe("next");
    expect(caseShortcut({ key: "K" })).toBe("previous");
    expect(caseShortcut({ key: "c" })).toBe("confirm");
    expect(caseShortcut({ key: "n" })).toBe("note");
    expect(caseShortcut({ key: "]" })).toBe("nextFinger");
    expect(caseShortcut({ key: "x" })).toBeUndefined();
  });

  it("never acts while the analyst types, or with a modifier held", () => {
    for (const targetTag of ["INPUT", "textarea", "SELECT"])
      expect(caseShortcut({ key: "c", targetTag })).toBeUndefined();
    expect(caseShortcut({ key: "c", targetEditable: true })).toBeUndefined();
    expect(caseShortcut({ key: "c", ctrlKey: true })).toBeUndefined();
    expect(caseShortcut({ key: "j", metaKey: true })).toBeUndefined();
    expect(caseShortcut({ key: "c", targetTag: "BUTTON" })).toBe("confirm");
  });

  it("finds the cases before and after in queue order", () => {
    expect(neighbours(["a", "b", "c"], "b")).toEqual({ previous: "a", next: "c" });
    expect(neighbours(["a", "b", "c"], "a")).toEqual({ previous: undefined, next: "b" });
    expect(neighbours(["a", "b", "c"], "c")).toEqual({ previous: "b", next: undefined });
    // A case no longer in the queue (just determined): the oldest is next.
    expect(neighbours(["a", "b"], "z")).toEqual({ previous: undefined, next: "a" });
  });
});
