import { extractTemplate, type ProbeFinger, readTenprintTemplate } from "@tenprint/afis";
import {
  declaredFingerResolution,
  findField,
  type NistRecord,
  type NistTransaction,
  type TaggedRecord,
} from "@tenprint/nist";
import { decodeImage } from "@tenprint/nist/image";
import type { ImageExtraction } from "./probe-extraction-pool.js";
import { decodeOptions, type ProbeImage, ProbeImageError } from "./probe-image.js";
import { SERVICE_PARAMETERS } from "./service-parameters.js";
import { extractionSeconds, timed } from "./work-metrics.js";

/**
 * The finger prints (Type-14, or legacy Type-4, FGP 1–10) of a parsed booking, still encoded, with their
 * position and the resolution the transaction declares for them (decision 0002): extraction resamples
 * each to the engine's 500 ppi. Throws ProbeImageError for pixels that are not square.
 */
export function probeImages(submission: NistTransaction): ProbeImage[] {
  const images: ProbeImage[] = [];
  submission.records.forEach((record, index) => {
    const image = fingerImage(record);
    if (!image || !(image.position >= 1 && image.position <= 10)) return;
    const resolution = declaredFingerResolution(record, submission);
    if (!resolution) return;
    if (resolution.horizontal !== resolution.vertical) {
      throw new ProbeImageError(
        `record ${index} (Type-${record.type}, finger ${image.position}): horizontal ${resolution.horizontal} ppi ` +
          `and vertical ${resolution.vertical} ppi differ; only square pixels can be resampled for the engine`,
      );
    }
    images.push({ ...image, ppi: resolution.horizontal });
  });
  return images;
}

function fingerImage(record: NistRecord): Omit<ProbeImage, "ppi"> | undefined {
  if (record.kind === "binary") {
    if (record.type !== 4) return undefined;
    const value = (key: string) => {
      const found = record.header[key];
      return typeof found === "number" ? found : (found?.[0] ?? Number.NaN);
    };
    // Type-4 CGA 0 is uncompressed: its size is in the binary header's HLL and VLL.
    const raw = value("CGA") === 0 ? { raw: { width: value("HLL"), height: value("VLL") } } : {};
    return { position: value("FGP"), data: record.data, ...raw };
  }
  if (record.type !== 14) return undefined;
  const fgp = findField(record, 13);
  const data = findField(record, 999);
  if (data?.kind !== "data") return undefined;
  // Uncompressed pixels (14.011 CGA "NONE") carry no header: their size is in 14.006 HLL and 14.007 VLL.
  const raw = textOf(record, 11).toUpperCase() === "NONE";
  return {
    position: fgp?.kind === "text" ? Number(fgp.subfields[0]?.[0]) : Number.NaN,
    data: data.data,
    ...(raw ? { raw: { width: Number(textOf(record, 6)), height: Number(textOf(record, 7)) } } : {}),
  };
}

function textOf(record: TaggedRecord, number: number): string {
  const field = findField(record, number);
  return field?.kind === "text" ? (field.subfields[0]?.[0] ?? "") : "";
}

/** The rolled prints of a parsed booking, decoded and extracted on this thread, as a tenprint probe. */
export function probeFromSubmission(submission: NistTransaction): ProbeFinger[] {
  return probeImages(submission).map((image) => ({
    position: image.position,
    template: extractTemplate(decodeImage(image.data, decodeOptions(image))),
  }));
}

/**
 * Where the searches get a booking's probe: extracted from its images (ProbeCache), or, in a simulation at
 * the template level, generated for the synthetic person the booking stands for.
 */
export interface ProbeSource {
  probe(transactionId: string, request: NistTransaction): Promise<readonly ProbeFinger[]>;
}

/**
 * Extracted probes by transaction, newest last. Extraction is the costliest step of a booking (ten
 * images), and the IDENT search and the arrest enrolment reuse the criminal search's probe. With a pool,
 * extraction runs on worker threads and never blocks the thread that serves the API and the database.
 * A restart simply extracts again.
 */
export class ProbeCache implements ProbeSource {
  readonly #probes = new Map<string, Promise<readonly ProbeFinger[]>>();
  readonly #pool: ImageExtraction | undefined;
  readonly #capacity: number;

  constructor(pool?: ImageExtraction, capacity: number = SERVICE_PARAMETERS.worker.probeCacheSize) {
    this.#pool = pool;
    this.#capacity = capacity;
  }

  probe(transactionId: string, request: NistTransaction): Promise<readonly ProbeFinger[]> {
    const cached = this.#probes.get(transactionId);
    if (cached) return cached;
    const probe = timed(
      (seconds) => extractionSeconds.observe(seconds),
      () => this.#extract(request),
    );
    this.#probes.set(transactionId, probe);
    // A failed extraction (a bad image, a thread that died) is not remembered: the retried job extracts
    // again. Only this promise is dropped: after an eviction the key may hold a newer one.
    probe.catch(() => {
      if (this.#probes.get(transactionId) === probe) this.#probes.delete(transactionId);
    });
    if (this.#probes.size > this.#capacity) {
      const oldest = this.#probes.keys().next();
      if (!oldest.done) this.#probes.delete(oldest.value);
    }
    return probe;
  }

  async #extract(request: NistTransaction): Promise<readonly ProbeFinger[]> {
    if (!this.#pool) return probeFromSubmission(request);
    const templates = await this.#pool.extract(probeImages(request));
    return templates.map((t) => ({ position: t.position, template: readTenprintTemplate(t.bytes) }));
  }
}
