import { extractTemplate, type ProbeFinger } from "@tenprint/afis";
import { decodeImage, findField, type NistTransaction } from "@tenprint/nist";
import { SERVICE_PARAMETERS } from "./service-parameters.js";

/** The rolled prints (Type-14 FGP 1–10) of a parsed booking, decoded and extracted, as a tenprint probe. */
export function probeFromSubmission(submission: NistTransaction): ProbeFinger[] {
  const probe: ProbeFinger[] = [];
  for (const record of submission.records) {
    if (record.kind !== "tagged" || record.type !== 14) continue;
    const fgp = findField(record, 13);
    const position = fgp?.kind === "text" ? Number(fgp.subfields[0]?.[0]) : Number.NaN;
    const data = findField(record, 999);
    if (!(position >= 1 && position <= 10) || data?.kind !== "data") continue;
    probe.push({
      position,
      template: extractTemplate(decodeImage(data.data, { ppi: SERVICE_PARAMETERS.probePpi })),
    });
  }
  return probe;
}

/**
 * Extracted probes by transaction, newest last. Extraction is the costliest step of a booking (ten
 * images), and the IDENT search and the arrest enrolment reuse the criminal search's probe. A restart
 * simply extracts again.
 */
export class ProbeCache {
  readonly #probes = new Map<string, readonly ProbeFinger[]>();

  constructor(private readonly capacity: number = SERVICE_PARAMETERS.worker.probeCacheSize) {}

  probe(transactionId: string, request: NistTransaction): readonly ProbeFinger[] {
    const cached = this.#probes.get(transactionId);
    if (cached) return cached;
    const probe = probeFromSubmission(request);
    this.#probes.set(transactionId, probe);
    if (this.#probes.size > this.capacity) {
      const oldest = this.#probes.keys().next();
      if (!oldest.done) this.#probes.delete(oldest.value);
    }
    return probe;
  }
}
