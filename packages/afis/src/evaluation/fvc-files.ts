import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** An image named the FVC way, `FFF_I.ext`: finger FFF, impression I. */
export interface FvcImageFile {
  /** Folder holding the image, relative to the evaluated root ("." for the root itself). */
  readonly database: string;
  /** Path relative to the evaluated root, with forward slashes. */
  readonly path: string;
  readonly finger: string;
  readonly impression: number;
}

const FVC_NAME = /^(\d+)_(\d+)\.(tif|tiff|png|bmp|jpg|jpeg|pgm|wsq|iso|ist|ansi|tpt)$/i;
const MAX_DEPTH = 8;

/** Every FVC-named file under `root`, grouped by folder (each folder is one database). */
export function listFvcFiles(root: string): Map<string, FvcImageFile[]> {
  const databases = new Map<string, FvcImageFile[]>();
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full, depth + 1);
        continue;
      }
      const match = FVC_NAME.exec(name);
      if (!match) continue;
      const database = relative(root, dir).split(sep).join("/") || ".";
      const list = databases.get(database) ?? [];
      list.push({
        database,
        path: relative(root, full).split(sep).join("/"),
        finger: match[1]!,
        impression: Number(match[2]),
      });
      databases.set(database, list);
    }
  };
  walk(root, 0);
  return databases;
}

/**
 * Resolutions of public databases whose image headers do not carry the truth (FVC TIFFs claim 72 dpi).
 * Matched against the end of the folder path, case-insensitively. FVC2002 DB2 was scanned at 569 ppi;
 * every other FVC2002 database at 500 ppi (DB4 is synthetic, about 500 ppi).
 */
const KNOWN_DATASET_PPI: readonly (readonly [RegExp, number])[] = [[/(^|\/)(fvc2002\/)?db2_[ab]$/i, 569]];

/**
 * The resolution to assume for a database folder: explicit map (folder name or relative path), then
 * the known-dataset table, then 500 ppi.
 */
export function ppiForDatabase(database: string, overrides: ReadonlyMap<string, number> = new Map()): number {
  const last = database.split("/").pop() ?? database;
  const explicit = overrides.get(database) ?? overrides.get(last);
  if (explicit !== undefined) return explicit;
  // Other FVC editions reuse the folder names with other scanners (FVC2000/2004/2006 DB2 are 500 ppi).
  if (/fvc(2000|2004|2006)/i.test(database)) return 500;
  for (const [pattern, ppi] of KNOWN_DATASET_PPI) if (pattern.test(database)) return ppi;
  return 500;
}
