import { describe, expect, it } from "vitest";
import { runShowcase } from "../src/showcase/showcase.js";

describe("the npm start showcase", () => {
  it("identifies the enrolled arrestee, not the stranger, and answers a damaged file with an ERRT", async () => {
    const lines: string[] = [];
    const outcome = await runShowcase({
      seed: "showcase-test",
      state: "VT",
      people: 300,
      distractors: 300,
      print: (line) => lines.push(line),
    });
    const [known, stranger] = outcome.bookings;
    expect(known).toMatchObject({ expectedIdent: true, ident: true, valid: true });
    expect(known?.identity).toMatch(/^SYN-P-/);
    expect(stranger).toMatchObject({ expectedIdent: false, ident: false, valid: true });
    expect(outcome.rewriteIdentical).toBe(true);
    expect(outcome.errtMessages.join(" ")).toMatch(/2\.001 LEN/);
    expect(lines[0]).toMatch(/SYNTHETIC/);
  });
});
