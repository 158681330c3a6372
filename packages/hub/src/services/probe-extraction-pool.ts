import { typeScriptWorker, WorkerPool } from "@tenprint/threads";
import type { ExtractionReply, ExtractionRequest } from "./probe-extraction-worker.js";
import { type ProbeImage, ProbeImageError } from "./probe-image.js";

const WARM_UP_ROUNDS = 3;

/**
 * A synthetic ridge pattern (a three-armed spiral at 9-pixel ridge period inside an elliptic finger area),
 * enough to run every extraction stage; not a fingerprint of anyone.
 */
const WARM_UP_PRINT: ProbeImage = (() => {
  const width = 320;
  const height = 400;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x - width / 2) / (width * 0.42);
      const v = (y - height / 2) / (height * 0.42);
      const r = Math.hypot(x - width * 0.45, y - height * 0.4) + 3 * Math.sin(x / 23);
      const phase = (2 * Math.PI * r) / 9 + 3 * Math.atan2(y - height * 0.4, x - width * 0.45);
      pixels[y * width + x] = u * u + v * v < 1 ? 128 + 90 * Math.cos(phase) : 230;
    }
  }
  return { position: 0, data: pixels, ppi: 500, raw: { width, height } };
})();

export interface ExtractedFinger {
  readonly position: number;
  /** The template in our binary format: small, and structured-clone friendly. */
  readonly bytes: Uint8Array;
}

/** Where booking images are extracted: local worker threads, or extractor processes over NATS. */
export interface ImageExtraction {
  extract(images: readonly ProbeImage[]): Promise<ExtractedFinger[]>;
}

/**
 * Worker threads that decode and extract booking images. Each image is its own task, given to the
 * least busy thread: on an idle hub one booking's ten images spread over every thread, so a booking
 * waits for a fraction of its extraction time, and on a busy hub whole images balance the threads.
 * Threads take their tasks in order, so an earlier booking's images are not overtaken by a later one's.
 * Each thread first extracts a generated print a few times: a cold thread takes seconds for its first
 * image while the compiler warms up, which would otherwise fall on the first bookings.
 */
export class ExtractionPool implements ImageExtraction {
  readonly pool: WorkerPool<ExtractionReply, Uint8Array>;

  constructor(size: number) {
    this.pool = new WorkerPool({
      name: "probe extraction",
      size,
      create: () => typeScriptWorker(new URL("./probe-extraction-worker.ts", import.meta.url)),
      answerError: (message) => new ProbeImageError(`probe extraction: ${message}`),
      value: (reply) => (reply as Extract<ExtractionReply, { bytes: Uint8Array }>).bytes,
      onStart: (post) => {
        for (let round = 0; round < WARM_UP_ROUNDS; round++) post({ image: WARM_UP_PRINT });
      },
    });
  }

  extract(images: readonly ProbeImage[]): Promise<ExtractedFinger[]> {
    return Promise.all(
      images.map(async (image) => ({
        position: image.position,
        bytes: await this.pool.run({ image } satisfies Omit<ExtractionRequest, "id">),
      })),
    );
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
