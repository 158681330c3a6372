import type { z } from "zod";
import { StorageError } from "./storage-error.js";

/** A stored workflow state that fits no version's schema, or names a version this hub does not know. */
export class StoredStateError extends StorageError {
  override name = "StoredStateError";
  constructor(
    /** The table and row, e.g. `transactions` and the transaction's id. */
    readonly table: string,
    readonly rowId: string,
    /** Dotted path of the offending field inside the state, e.g. `routing.eroOri`; "" for the whole state. */
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${table} row ${rowId}: state field ${field === "" ? "(root)" : field} ${problem}`);
  }
}

/** The first problem zod found, as the dotted field it is about and what is wrong with it. */
function firstProblem(error: z.ZodError): { field: string; problem: string } {
  const issue = error.issues[0];
  if (!issue) return { field: "", problem: "does not fit" };
  const path = issue.path.map(String);
  // An unknown key is reported on its parent object: name the key itself.
  if (issue.code === "unrecognized_keys")
    return { field: [...path, issue.keys[0] ?? ""].join("."), problem: "is not a field of the state" };
  return { field: path.join("."), problem: issue.message };
}

/** `data` parsed by the schema of its version, or a StoredStateError naming the table, row and field. */
export function parsedState<T>(
  schema: z.ZodType<T>,
  data: unknown,
  row: { table: string; id: string; version: number },
): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const { field, problem } = firstProblem(result.error);
  throw new StoredStateError(row.table, row.id, field, `${problem} (state version ${row.version})`);
}

/** The refusal of a version this hub does not read, e.g. one written by a newer hub. */
export function unknownVersion(
  table: string,
  id: string,
  version: unknown,
  current: number,
): StoredStateError {
  return new StoredStateError(
    table,
    id,
    "stateVersion",
    `is ${JSON.stringify(version)}, not a version this hub reads (1 to ${current}); was it written by a newer hub?`,
  );
}
