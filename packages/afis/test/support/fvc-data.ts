import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { GrayImage } from "@tenprint/nist";
import { decodeImage } from "@tenprint/nist/image";

/** The shared data directory, beside the repository root (not part of it; README.md names it beside the test variables). */
export const SHARED_DATA = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../../shared/data");
export const FVC2002 = join(SHARED_DATA, "fingerprints/fvc2002");
export const FVC_ISO_TEMPLATES = join(SHARED_DATA, "fingerprints/openafis-iso19794-2-templates/fvc2002");
export const FVC_DATABASES = ["DB1_B", "DB2_B", "DB3_B", "DB4_B"] as const;

/** Scanning resolutions from the data README (the TIFF headers claim 72 dpi). */
export const FVC_PPI: Record<(typeof FVC_DATABASES)[number], number> = {
  DB1_B: 500,
  DB2_B: 569,
  DB3_B: 500,
  DB4_B: 500,
};

export const hasFvc = existsSync(FVC2002);

export function readFvcImage(database: (typeof FVC_DATABASES)[number], name: string): GrayImage {
  return decodeImage(readFileSync(join(FVC2002, database, `${name}.tif`)), { ppi: FVC_PPI[database] });
}
