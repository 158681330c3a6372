/**
 * Every SRE and IDR a bench's bookings received, judged against the synthetic ground truth: right person,
 * wrong person, missed mate, or no identification of a person the repository does not hold. Shared by the
 * hub bench (`throughput.ts`) and the demo's (`packages/demo/bench/demo-identifications.ts`), so both count
 * wrong identifications the same way (issue 14).
 */
import { clopperPearson, type SearchCandidate, type SearchResult } from "@tenprint/afis";
import { parseTransaction } from "@tenprint/nist";
import type { Booking } from "@tenprint/synth";
import { type Kysely, sql } from "kysely";
import { DOMAIN_PARAMETERS } from "../src/domain/domain-parameters.js";
import { decideIdentification } from "../src/domain/identification-decision.js";
import { measuredScoreThreshold } from "../src/domain/identification-threshold.js";
import { createHubStorage, type HubDatabase, probeFromSubmission } from "../src/index.js";
import { establishedFbiNumber } from "../src/services/arrest-enrolment.js";

type Truth = Booking["truth"];

export interface AnswerTally {
  /** Answers judged (one per booking searched against the repository). */
  readonly answers: number;
  /** Bookings of people the repository held before the booking (mated searches). */
  readonly mated: number;
  readonly right: number;
  readonly wrong: number;
  /** Mated searches that identified nobody. */
  readonly missed: number;
  /** Distinct people among the answers. */
  readonly people: number;
  readonly wrongAnswers: readonly WrongAnswer[];
}

export interface WrongAnswer {
  readonly tcn: string;
  readonly personId: string;
  readonly named: string;
  /** Whose record the named identity is: a person id, or "distractor". */
  readonly namedOwner: string;
  readonly expected: string | null;
  readonly score: number | null;
  readonly fpir: number | null;
}

/** A fresh search of one IDENT-searched booking, for the scores the hub does not store. */
export interface Research {
  readonly tcn: string;
  readonly mated: boolean;
  readonly expected: string | null;
  readonly answered: string | null;
  readonly result: SearchResult;
}

export interface Judgement {
  readonly sre: AnswerTally;
  readonly idr: AnswerTally;
  /** Sum of the FPIR the hub estimated for each IDENT identification it made (expected false ones). */
  readonly identMatchFpirSum: number;
  readonly identMatches: number;
  readonly research: readonly Research[];
}

interface AnswerRow {
  id: string;
  tcn: string;
  type: string;
  identity: string | null;
  score: number | null;
  fpir: number | null;
}

/**
 * Judges the answers stored in `db` for the bookings in `truths` (by TCN). `owners` names whose record an
 * identity is (FBI numbers and FINs of the synthetic population). With `research`, every IDENT-searched
 * booking is searched once more against `identify` (extraction and search again, as the hub ran them), so
 * the report can show how close non-mated searches came to the threshold.
 */
export async function judgeAnswers(
  db: Kysely<HubDatabase>,
  truths: ReadonlyMap<string, Truth>,
  owners: ReadonlyMap<string, string>,
  distractorPrefix: string,
  identify?: (probe: ReturnType<typeof probeFromSubmission>) => Promise<SearchResult>,
): Promise<Judgement> {
  const { rows } = await sql<AnswerRow>`
    select t.id, t.tcn, m.type, m.payload_json->>'identity' as identity,
      (case when m.type = 'IDR' then t.state_data->'identMatch'->>'score' else t.state_data->'criminalMatch'->>'score' end)::float8 as score,
      (case when m.type = 'IDR' then t.state_data->'identMatch'->>'fpir' else t.state_data->'criminalMatch'->>'fpir' end)::float8 as fpir
    from messages m join transactions t on t.id = m.transaction_id where m.type in ('SRE', 'IDR')
    order by t.created_at`.execute(db);
  // A record an arrest of this run established belongs to the person of that booking.
  const establishedBy = new Map<string, string>();
  for (const { id, tcn } of rows) {
    const truth = truths.get(tcn);
    if (truth) establishedBy.set(establishedFbiNumber(id), truth.personId);
  }
  const ownerOf = (identity: string): string =>
    identity.startsWith(distractorPrefix)
      ? "distractor"
      : (owners.get(identity) ?? establishedBy.get(identity) ?? "unknown");
  const tally = (type: "SRE" | "IDR"): AnswerTally => {
    let mated = 0;
    let right = 0;
    let wrong = 0;
    let missed = 0;
    let answers = 0;
    const people = new Set<string>();
    const wrongAnswers: WrongAnswer[] = [];
    for (const row of rows) {
      if (row.type !== type) continue;
      const truth = truths.get(row.tcn);
      if (!truth) continue;
      answers++;
      people.add(truth.personId);
      const expected = expectedIdentity(type, truth);
      if (expected) mated++;
      if (!row.identity) {
        if (expected) missed++;
        continue;
      }
      const isRight =
        row.identity === expected || (type === "SRE" && establishedBy.get(row.identity) === truth.personId);
      if (isRight) {
        right++;
        continue;
      }
      wrong++;
      wrongAnswers.push({
        tcn: row.tcn,
        personId: truth.personId,
        named: row.identity,
        namedOwner: ownerOf(row.identity),
        expected,
        score: row.score,
        fpir: row.fpir,
      });
    }
    return { answers, mated, right, wrong, missed, people: people.size, wrongAnswers };
  };
  const idrRows = rows.filter((r) => r.type === "IDR" && truths.has(r.tcn));
  const matches = idrRows.filter((r) => r.identity && r.fpir !== null);
  const research: Research[] = [];
  if (identify) {
    const storage = createHubStorage(db);
    for (const row of idrRows) {
      const truth = truths.get(row.tcn);
      const bytes = await storage.transactions.getRequest(row.id);
      if (!truth || !bytes) continue;
      const result = await identify(probeFromSubmission(parseTransaction(bytes)));
      const expected = expectedIdentity("IDR", truth);
      research.push({ tcn: row.tcn, mated: expected !== null, expected, answered: row.identity, result });
    }
  }
  return {
    sre: tally("SRE"),
    idr: tally("IDR"),
    identMatchFpirSum: matches.reduce((sum, r) => sum + (r.fpir ?? 0), 0),
    identMatches: matches.length,
    research,
  };
}

/** The identity a correct answer names: the person's record in that repository before this run, if any. */
function expectedIdentity(type: "SRE" | "IDR", truth: Truth): string | null {
  if (type === "IDR") return truth.inIdent && truth.fin ? truth.fin : null;
  return truth.inCriminalRepository && truth.fbiNumber ? truth.fbiNumber : null;
}

const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const sci = (x: number) => x.toExponential(2);

/** Prints the judgement: counts, Clopper–Pearson 95 % intervals, every wrong answer, and the re-search. */
export function printJudgement(judgement: Judgement, print: (line: string) => void = console.log): void {
  for (const [name, t] of [
    ["criminal (SRE)", judgement.sre],
    ["IDENT (IDR)", judgement.idr],
  ] as const) {
    if (t.answers === 0) {
      print(`  ${name}: no answers`);
      continue;
    }
    const wrong = clopperPearson(t.wrong, t.answers);
    const nonMated = t.answers - t.mated;
    print(
      `  ${name} against ground truth: ${t.answers} answers (${t.people} people); wrong person ${t.wrong} of ${t.answers} (95 % CP [${fmt(wrong.lower * 100)}, ${fmt(wrong.upper * 100)}] %); mated ${t.mated}: right ${t.right}, missed ${t.missed}; non-mated ${nonMated}`,
    );
    for (const w of t.wrongAnswers) {
      print(
        `    WRONG ${w.tcn}: person ${w.personId} (expected ${w.expected ?? "no one"}) named ${w.named} (${w.namedOwner}) score ${w.score ?? "?"} fpir ${w.fpir ?? "?"}`,
      );
    }
  }
  const nonMatedIdr = judgement.idr.answers - judgement.idr.mated;
  print(
    `  IDENT identifications: ${judgement.identMatches}; sum of the FPIR the hub estimated for them ${sci(judgement.identMatchFpirSum)} (expected false ones); the threshold's bound over ${nonMatedIdr} non-mated searches: ${fmt(nonMatedIdr * DOMAIN_PARAMETERS.identification.maxFpir)}`,
  );
  if (judgement.research.length === 0) return;
  const agree = judgement.research.filter(
    (r) => (decideIdentification(r.result)?.identity ?? null) === (r.answered ? r.answered : null),
  ).length;
  const nonMated = judgement.research.filter((r) => !r.mated);
  const tops = nonMated
    .map((r) => ({ r, top: best(r.result.candidates) }))
    .sort((a, b) => (b.top?.fusedScore ?? 0) - (a.top?.fusedScore ?? 0));
  const gallerySize = judgement.research[0]?.result.gallerySize ?? 0;
  const floor = measuredScoreThreshold(gallerySize);
  const fpirSum = tops.reduce((sum, { top }) => sum + (top ? Math.min(1, top.fpir) : 0), 0);
  print(
    `  re-search of ${judgement.research.length} IDENT-searched bookings (gallery ${gallerySize}): decision as the hub's in ${agree}; hub thresholds: FPIR ≤ ${DOMAIN_PARAMETERS.identification.maxFpir} and fused score ≥ ${fmt(floor)}`,
  );
  const topLine = tops
    .slice(0, 5)
    .map(
      ({ r, top }) =>
        `${r.tcn} → ${top?.identity ?? "none"} score ${fmt(top?.fusedScore ?? Number.NaN)} fpir ${sci(top?.fpir ?? Number.NaN)} fingers ${top ? fingerLine(top) : ""}`,
    );
  print(
    `  non-mated IDENT searches ${nonMated.length}: best candidate's fused score max ${fmt(tops[0]?.top?.fusedScore ?? Number.NaN)}, median ${fmt(tops[Math.floor(tops.length / 2)]?.top?.fusedScore ?? Number.NaN)}; lowest best-candidate FPIR ${sci(Math.min(...tops.map(({ top }) => top?.fpir ?? 1)))}; sum of best-candidate FPIR ${fmt(fpirSum)}; reaching both thresholds ${tops.filter(({ top }) => top && top.fpir <= DOMAIN_PARAMETERS.identification.maxFpir && top.fusedScore >= floor).length}`,
  );
  for (const line of topLine) print(`    strongest non-mated: ${line}`);
  const mated = judgement.research.filter((r) => r.mated);
  const mateScores = mated
    .map((r) => {
      const rank = [...r.result.candidates]
        .sort((a, b) => a.fpir - b.fpir)
        .findIndex((c) => c.identity === r.expected);
      const mate = r.result.candidates.find((c) => c.identity === r.expected);
      return { r, rank, score: mate?.fusedScore ?? Number.NaN };
    })
    .sort((a, b) => a.score - b.score);
  if (mateScores.length > 0) {
    print(
      `  mated IDENT searches ${mated.length}: mate at rank 1 in ${mateScores.filter((m) => m.rank === 0).length}, not in the candidate list in ${mateScores.filter((m) => m.rank < 0).length}; lowest mate score ${fmt(mateScores[0]?.score ?? Number.NaN)}`,
    );
  }
}

function best(candidates: readonly SearchCandidate[]): SearchCandidate | undefined {
  let top: SearchCandidate | undefined;
  for (const c of candidates) if (!top || c.fpir < top.fpir) top = c;
  return top;
}

function fingerLine(candidate: SearchCandidate): string {
  return candidate.fingers.map((f) => `${f.position}:${fmt(f.score, 1)}`).join(" ");
}
