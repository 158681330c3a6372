import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EnrolmentBatchItem, HubRuntime, SubjectRecord } from "@tenprint/hub";
import { createHubStorage, writeDirectory } from "@tenprint/hub";
import { DISTRACTOR_TEMPLATE_MODEL, syntheticTemplate } from "@tenprint/synth";
import { DEMO_PARAMETERS as P } from "./demo-parameters.js";
import { AUDITOR_ORI, type DemoSizes, type DemoWorld, demoRoleOris, PMO_ORI } from "./demo-world.js";
import { syntheticCountyDirectory } from "./synthetic-directory.js";

export interface DemoCredential {
  readonly role: string;
  readonly ori: string;
  readonly apiKey: string;
}

export const CREDENTIALS_FILE = "demo-credentials.json";

/** Agencies, jurisdictions and the state's SIB agreement, from the synthetic world. Re-runnable (upserts). */
export async function seedDirectory(runtime: Pick<HubRuntime, "db">, world: DemoWorld): Promise<void> {
  const content = syntheticCountyDirectory(world.jurisdictions, { state: world.state });
  const oversight = (ori: string, name: string) => ({
    ori,
    kind: "PMO" as const,
    name,
    state: ori.slice(0, 2),
    jurisdiction: null,
    parentOri: null,
    attention: null,
    phone: null,
    timeZone: null,
  });
  await writeDirectory(createHubStorage(runtime.db).directory, {
    ...content,
    agencies: [
      ...content.agencies,
      oversight(PMO_ORI, "ICE Secure Communities PMO (synthetic)"),
      oversight(AUDITOR_ORI, "Oversight auditor (synthetic)"),
    ],
  });
}

/**
 * One API key per role, written to DIR/demo-credentials.json. Keys are stored hashed, so the file is the
 * only place they can be read; a later start reuses it while its keys still authenticate.
 */
export async function demoCredentials(
  runtime: Pick<HubRuntime, "db">,
  world: DemoWorld,
  dataDir: string,
): Promise<DemoCredential[]> {
  const path = join(dataDir, CREDENTIALS_FILE);
  const keys = createHubStorage(runtime.db).apiKeys;
  const oris = demoRoleOris(world);
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, "utf8")) as DemoCredential[];
    const valid = await Promise.all(saved.map((c) => keys.authenticate(c.apiKey)));
    // Keys of an earlier version that named other agencies (an LEA that never booked) are replaced.
    const same = saved.every((c) => oris[c.role] === c.ori);
    if (saved.length > 0 && valid.every(Boolean) && same) return saved;
  }
  const credentials: DemoCredential[] = [];
  for (const [role, ori] of Object.entries(oris)) {
    const issued = await keys.issue(ori, role);
    credentials.push({ role, ori, apiKey: issued.apiKey });
  }
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}

function distractorRecord(repository: "criminal" | "ident", index: number): SubjectRecord {
  const identity = `${P.distractorPrefix}${repository === "criminal" ? "C" : "I"}${String(index).padStart(7, "0")}`;
  const base = {
    synthetic: true,
    identity,
    name: { surname: "SYNTHETIC", given: `DISTRACTOR ${index}` },
    dateOfBirth: `19${String(50 + (index % 50)).padStart(2, "0")}0${1 + (index % 9)}15`,
    sex: index % 5 === 0 ? "F" : "M",
  } as const;
  return repository === "criminal"
    ? { ...base, fbiNumber: identity, criminalHistory: [] }
    : {
        ...base,
        fin: identity,
        immigration: { recordedStatus: "LAWFUL_PERMANENT_RESIDENT", encounters: [] },
      };
}

/**
 * Template-level identities up to the demo's gallery sizes. Resumable: a start that was stopped while
 * seeding continues from the count already stored.
 */
export async function seedDistractors(
  runtime: HubRuntime,
  world: DemoWorld,
  sizes: DemoSizes,
  progress: (repository: string, done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const targets = [
    ["criminal", runtime.criminal, sizes.criminalDistractors, 1],
    ["ident", runtime.ident, sizes.identDistractors, 2],
  ] as const;
  const stored = createHubStorage(runtime.db).subjects;
  const seed = createHash("sha256").update(world.seed).digest().readUIntBE(0, 6);
  for (const [repository, target, total, stream] of targets) {
    const have = await stored.count(repository, P.distractorPrefix);
    for (let start = Math.min(have, total); start < total; start += P.seedBatch) {
      // Stopping between batches is safe: the next start counts what is stored and goes on from there.
      if (signal?.aborted) return;
      const batch: EnrolmentBatchItem[] = [];
      for (let index = start; index < Math.min(total, start + P.seedBatch); index++) {
        const identity = stream * 10_000_000 + index;
        batch.push({
          record: distractorRecord(repository, index),
          // Rolled, as booked people are enrolled: chimeras cut from templates of rendered source
          // fingers, which compete with rendered people (docs/decisions/0023-chimeric-impostors.md).
          fingers: Array.from({ length: 10 }, (_, finger) => ({
            position: finger + 1,
            template: syntheticTemplate({
              seed,
              identity,
              finger: finger + 1,
              impression: 1,
              kind: "rolled",
              model: DISTRACTOR_TEMPLATE_MODEL,
            }),
          })),
        });
      }
      await target.enrolMany(batch);
      progress(repository, Math.min(total, start + P.seedBatch), total);
    }
  }
}
