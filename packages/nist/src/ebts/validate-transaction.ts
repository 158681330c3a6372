import { fieldText, findField, formatTag } from "../an2k/field-access.js";
import type { Field, NistRecord, NistTransaction, TaggedRecord } from "../an2k/transaction.js";
import type { EbtsProblem } from "./ebts-problem.js";
import { fieldSpecByMnemonic, fieldSpecByNumber } from "./field-dictionary.js";
import type { FieldSpec } from "./field-spec.js";
import { checkType4, checkType14Payload } from "./image-record-checks.js";
import { EBTS_MINIMUM_VERSION } from "./profiles/code-tables.js";
import {
  EBTS_PROFILES,
  type EbtsProfile,
  GENERIC_TYPE1,
  profileForTot,
  type RecordProfile,
  TYPE14_RECORD,
} from "./profiles/tot-profiles.js";
import { checkValue, isRealDate, quote } from "./value-checks.js";

/** Dates that may not lie after the transaction date (1.005); the FBI allows one day for time zones. */
const NOT_AFTER_TRANSACTION_DATE = new Set(["2.022", "2.045", "2.054", "14.005"]);

type Report = (problem: Omit<EbtsProblem, "severity"> & { severity?: EbtsProblem["severity"] }) => void;

function tagOf(recordType: number, field: Field): string {
  return formatTag(recordType, field.number);
}

function compareTags(a: string, b: string): number {
  const [typeA = 0, fieldA = 0] = a.split(".").map(Number);
  const [typeB = 0, fieldB = 0] = b.split(".").map(Number);
  return typeA - typeB || fieldA - fieldB;
}

function nextDay(date: string): string {
  const day = new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)) + 1),
  );
  return day.toISOString().slice(0, 10).replaceAll("-", "");
}

function checkField(
  spec: FieldSpec,
  found: Field,
  recordIndex: number,
  recordType: number,
  report: Report,
): void {
  const at = { recordIndex, recordType, tag: spec.tag, mnemonic: spec.mnemonic };
  if (spec.charset === "B") {
    if (found.kind !== "data") report({ ...at, reason: "must be binary image data, found text" });
    return;
  }
  if (found.kind !== "text") {
    report({ ...at, reason: "must be text, found binary data" });
    return;
  }
  const count = found.subfields.length;
  if (count < spec.minOccurrences || count > spec.maxOccurrences) {
    const range =
      spec.minOccurrences === spec.maxOccurrences
        ? `${spec.maxOccurrences}`
        : `${spec.minOccurrences}-${spec.maxOccurrences}`;
    report({ ...at, reason: `has ${count} subfields; ${spec.mnemonic} takes ${range}` });
  }
  found.subfields.forEach((items, index) => {
    const which = count > 1 ? `subfield ${index + 1}: ` : "";
    if (!spec.items) {
      if (items.length !== 1) {
        report({
          ...at,
          reason: `${which}has ${items.length} information items; ${spec.mnemonic} takes one value`,
        });
        return;
      }
      for (const reason of checkValue(spec, items[0] ?? "")) report({ ...at, reason: `${which}${reason}` });
      return;
    }
    if (items.length > spec.items.length) {
      report({
        ...at,
        reason: `${which}has ${items.length} information items; ${spec.mnemonic} has ${spec.items.length}`,
      });
    }
    spec.items.forEach((itemSpec, itemIndex) => {
      const value = items[itemIndex] ?? "";
      if (value === "" && itemSpec.optional) return;
      for (const reason of checkValue(itemSpec, value)) {
        report({ ...at, reason: `${which}item ${itemIndex + 1} ${itemSpec.mnemonic}: ${reason}` });
      }
    });
  });
}

const ALLOWED = new WeakMap<RecordProfile, ReadonlySet<string>>();

function allowedMnemonics(profile: RecordProfile): ReadonlySet<string> {
  let allowed = ALLOWED.get(profile);
  if (!allowed) {
    allowed = new Set([...profile.mandatory, ...profile.optional]);
    ALLOWED.set(profile, allowed);
  }
  return allowed;
}

function checkRecordFields(
  record: TaggedRecord,
  recordIndex: number,
  profile: RecordProfile,
  profileName: string,
  report: Report,
): void {
  const allowed = allowedMnemonics(profile);
  const seen = new Set<number>();
  for (const found of record.fields) {
    const tag = tagOf(record.type, found);
    if (seen.has(found.number)) {
      report({
        recordIndex,
        recordType: record.type,
        tag,
        mnemonic: "-",
        reason: "field appears more than once",
      });
      continue;
    }
    seen.add(found.number);
    const spec = fieldSpecByNumber(record.type, found.number);
    if (!spec || !allowed.has(spec.mnemonic)) {
      report({
        recordIndex,
        recordType: record.type,
        tag,
        mnemonic: spec?.mnemonic ?? "-",
        reason: `field is not part of the ${profileName} profile and was not checked`,
        severity: "warning",
      });
      continue;
    }
    const limits = profile.occurrences?.[spec.mnemonic];
    const effective = limits ? { ...spec, minOccurrences: limits[0], maxOccurrences: limits[1] } : spec;
    checkField(effective, found, recordIndex, record.type, report);
  }
  for (const mnemonic of profile.mandatory) {
    const spec = fieldSpecByMnemonic(mnemonic, record.type);
    if (!spec) continue;
    if (!seen.has(Number(spec.tag.split(".")[1]))) {
      report({
        recordIndex,
        recordType: record.type,
        tag: spec.tag,
        mnemonic,
        reason: `mandatory field is missing`,
      });
    }
  }
}

function textOf(record: TaggedRecord, number: number): string | undefined {
  const found = findField(record, number);
  return found?.kind === "text" ? fieldText(found) : undefined;
}

function recordIdc(record: NistRecord): string | undefined {
  if (record.kind === "tagged") return textOf(record, 2);
  const idc = record.header.IDC;
  return typeof idc === "number" ? String(idc) : undefined;
}

/** 1.003 CNT must list every other record, in order, with its type and IDC. */
function checkContents(transaction: NistTransaction, header: TaggedRecord, report: Report): void {
  const cnt = findField(header, 3);
  if (cnt?.kind !== "text") return;
  const at = { recordIndex: 0, recordType: 1, tag: "1.003", mnemonic: "CNT" };
  const [first, ...entries] = cnt.subfields;
  const declared = Number(first?.[1]);
  const others = transaction.records.length - 1;
  if (first?.[0] !== "1" || declared !== others) {
    report({
      ...at,
      reason: `first subfield must be 1 and the number of other records (${others}), found ${quote((first ?? []).join("/"))}`,
    });
  }
  if (entries.length !== others) {
    report({
      ...at,
      reason: `lists ${entries.length} records but the transaction has ${others} after the Type-1`,
    });
  }
  entries.forEach((entry, index) => {
    const record = transaction.records[index + 1];
    if (!record) return;
    if (Number(entry[0]) !== record.type) {
      report({
        ...at,
        reason: `subfield ${index + 2} declares Type-${entry[0]} but record ${index + 1} is Type-${record.type}`,
      });
      return;
    }
    const idc = recordIdc(record);
    if (idc !== undefined && entry[1] !== undefined && Number(entry[1]) !== Number(idc)) {
      report({
        ...at,
        reason: `subfield ${index + 2} gives IDC ${entry[1]} but record ${index + 1} has IDC ${idc}`,
      });
    }
  });
}

function checkRecordCounts(transaction: NistTransaction, profile: EbtsProfile, report: Report): void {
  const at = { recordIndex: 0, recordType: 1, tag: "1.003", mnemonic: "CNT" };
  const counts = new Map<number, number>();
  for (const record of transaction.records) counts.set(record.type, (counts.get(record.type) ?? 0) + 1);
  for (const rule of profile.recordCounts) {
    const total = rule.types.reduce((sum, type) => sum + (counts.get(type) ?? 0), 0);
    if (total < rule.min || total > rule.max) {
      const types = rule.types.map((type) => `Type-${type}`).join(" or ");
      report({
        ...at,
        reason: `${profile.tot} takes ${rule.min}-${rule.max} ${types} records, found ${total}`,
      });
    }
  }
  const covered = new Set(profile.recordCounts.flatMap((rule) => rule.types));
  for (const [type, count] of counts) {
    if (!covered.has(type)) {
      report({ ...at, reason: `${profile.tot} does not allow Type-${type} records, found ${count}` });
    }
  }
}

function checkDatesAgainstTransaction(
  transaction: NistTransaction,
  header: TaggedRecord,
  report: Report,
): void {
  const dat = textOf(header, 5);
  if (dat === undefined || !isRealDate(dat)) return;
  const limit = nextDay(dat);
  transaction.records.forEach((record, recordIndex) => {
    if (record.kind !== "tagged") return;
    for (const found of record.fields) {
      const tag = tagOf(record.type, found);
      // A loop, not push(...spread): a hostile field has hundreds of thousands of subfields, beyond the
      // engine's argument limit.
      if (found.kind !== "text" || !(NOT_AFTER_TRANSACTION_DATE.has(tag) || tag === "2.047")) continue;
      for (const subfield of found.subfields) {
        const date = subfield[0] ?? "";
        if (isRealDate(date) && date > limit) {
          const mnemonic = fieldSpecByNumber(record.type, found.number)?.mnemonic ?? "-";
          report({
            recordIndex,
            recordType: record.type,
            tag,
            mnemonic,
            reason: `date ${date} is after the transaction date 1.005 DAT ${dat}`,
          });
        }
      }
    }
  });
}

function checkArrestAfterBirth(record: TaggedRecord, recordIndex: number, report: Report): void {
  const dob = textOf(record, 22)?.split("\x1e")[0];
  const doa = textOf(record, 45);
  if (dob && doa && isRealDate(dob) && isRealDate(doa) && doa < dob) {
    report({
      recordIndex,
      recordType: 2,
      tag: "2.045",
      mnemonic: "DOA",
      reason: `date of arrest ${doa} is before the date of birth ${dob}`,
    });
  }
}

/** Most problems a validation keeps; the rest are only counted (a hostile file can have millions). */
export const DEFAULT_MAX_PROBLEMS = 100;

export interface ValidationOptions {
  /** The profile to check against; by default the one 1.004 TOT names. */
  readonly profile?: EbtsProfile;
  /** Problems kept (the first found); every problem is still counted. */
  readonly maxProblems?: number;
}

/** The first problems found, with how many there were in all. */
export interface ValidationReport {
  readonly problems: EbtsProblem[];
  /** Every problem found, kept or not. */
  readonly total: number;
  /** Every error found, kept or not: the transaction is valid when this is 0. */
  readonly errors: number;
}

/**
 * Checks a transaction against an EBTS profile (by default the one its 1.004 TOT names) and returns the
 * first `DEFAULT_MAX_PROBLEMS` problems — never only the first one. The transaction is valid when no
 * problem is an error. `validateTransactionReport` also gives the counts.
 */
export function validateTransaction(transaction: NistTransaction, profile?: EbtsProfile): EbtsProblem[] {
  return validateTransactionReport(transaction, profile ? { profile } : {}).problems;
}

/**
 * Validation in time and memory linear in the transaction's size: every field, subfield and item is
 * visited once, at most `maxProblems` problems are kept, and no input-sized array is spread into a call.
 */
export function validateTransactionReport(
  transaction: NistTransaction,
  options: ValidationOptions = {},
): ValidationReport {
  const { profile, maxProblems = DEFAULT_MAX_PROBLEMS } = options;
  const problems: EbtsProblem[] = [];
  let total = 0;
  let errors = 0;
  const keep = (problem: EbtsProblem) => {
    total++;
    if (problem.severity === "error") errors++;
    if (problems.length < maxProblems) problems.push(problem);
  };
  const report: Report = (p) => keep({ ...p, severity: p.severity ?? "error" });
  const done = (): ValidationReport => ({
    problems: problems.sort((a, b) => a.recordIndex - b.recordIndex || compareTags(a.tag, b.tag)),
    total,
    errors,
  });
  const header = transaction.records[0];
  if (header?.kind !== "tagged" || header.type !== 1) {
    report({
      recordIndex: 0,
      recordType: header?.type ?? 1,
      tag: "1.001",
      mnemonic: "LEN",
      reason: "the first record must be the Type-1 transaction information record",
    });
    return done();
  }
  transaction.records.forEach((record, index) => {
    if (index > 0 && record.type === 1) {
      report({
        recordIndex: index,
        recordType: 1,
        tag: "1.001",
        mnemonic: "LEN",
        reason: "only the first record may be Type-1",
      });
    }
  });
  const tot = textOf(header, 4) ?? "";
  const chosen = profile ?? profileForTot(tot);
  if (!chosen) {
    const known = Object.keys(EBTS_PROFILES).join(", ");
    report({
      recordIndex: 0,
      recordType: 1,
      tag: "1.004",
      mnemonic: "TOT",
      reason: `no EBTS profile for TOT ${quote(tot)} (profiles: ${known}); only the Type-1 and image records were checked`,
    });
  } else if (tot !== chosen.tot) {
    report({
      recordIndex: 0,
      recordType: 1,
      tag: "1.004",
      mnemonic: "TOT",
      reason: `TOT is ${quote(tot)} but the transaction is checked against the ${chosen.tot} profile`,
    });
  }
  const profileName = chosen ? chosen.tot : "EBTS Type-1";
  checkRecordFields(header, 0, chosen?.type1 ?? GENERIC_TYPE1, profileName, report);
  const version = textOf(header, 2);
  if (version !== undefined && /^\d{4}$/.test(version) && version < EBTS_MINIMUM_VERSION) {
    report({
      recordIndex: 0,
      recordType: 1,
      tag: "1.002",
      mnemonic: "VER",
      reason: `version ${version} predates ANSI/NIST-ITL 1-2007 (${EBTS_MINIMUM_VERSION}), which EBTS 9.x expects`,
      severity: "warning",
    });
  }
  checkContents(transaction, header, report);
  if (chosen) checkRecordCounts(transaction, chosen, report);
  transaction.records.forEach((record, recordIndex) => {
    if (recordIndex === 0) return;
    if (record.kind === "binary") {
      if (record.type === 4) for (const problem of checkType4(record, recordIndex)) keep(problem);
      return;
    }
    if (record.type === 2 && chosen) {
      checkRecordFields(record, recordIndex, chosen.type2, chosen.tot, report);
      checkArrestAfterBirth(record, recordIndex, report);
    } else if (record.type === 14) {
      checkRecordFields(record, recordIndex, TYPE14_RECORD, "Type-14", report);
      for (const problem of checkType14Payload(record, recordIndex)) keep(problem);
    }
  });
  checkDatesAgainstTransaction(transaction, header, report);
  return done();
}
