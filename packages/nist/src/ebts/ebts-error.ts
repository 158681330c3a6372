import { type EbtsProblem, formatProblem } from "./ebts-problem.js";

/** A message builder was given input that would not make a valid transaction; `problems` says what. */
export class EbtsError extends Error {
  override readonly name = "EbtsError";
  readonly problems: readonly EbtsProblem[];

  constructor(summary: string, problems: readonly EbtsProblem[] = []) {
    const details = problems.map((problem) => `\n  ${formatProblem(problem)}`).join("");
    super(`${summary}${details}`);
    this.problems = problems;
  }
}
