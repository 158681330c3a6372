import {
  type EnrolledFinger,
  type ProbeFinger,
  readTenprintTemplate,
  type SearchCandidate,
  writeTenprintTemplate,
} from "@tenprint/afis";
import { syntheticTemplate } from "@tenprint/synth";

/**
 * Template-level identities as the farm tests enrol and search them: synth's impression 1 enrolled and
 * impression 2 searched, quantised as gallery_templates stores them and the stream carries them.
 */
export function farmIdentities(seed: number, positions: readonly number[]) {
  const stored = (identity: number, position: number, impression: number) =>
    readTenprintTemplate(
      writeTenprintTemplate(syntheticTemplate({ seed, identity, finger: position, impression })),
    );
  return {
    fingersOf: (identity: number): EnrolledFinger[] =>
      positions.map((position) => ({ position, template: stored(identity, position, 1) })),
    probeOf: (identity: number, at: readonly number[] = positions): ProbeFinger[] =>
      at.map((position) => ({ position, template: stored(identity, position, 2) })),
  };
}

/** One gallery's order with ties broken by identity, as the farm's merge breaks them. */
export function ordered(candidates: readonly SearchCandidate[]): SearchCandidate[] {
  return [...candidates].sort(
    (a, b) => b.fusedScore - a.fusedScore || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0),
  );
}
