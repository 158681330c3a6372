import { parentPort } from "node:worker_threads";
import type { ProbeImage } from "./probe-image.js";
import { extractImage } from "./probe-image-extraction.js";

export interface ExtractionRequest {
  readonly id: number;
  readonly image: ProbeImage;
}

export type ExtractionReply =
  | { readonly id: number; readonly bytes: Uint8Array }
  | { readonly id: number; readonly error: string };

parentPort?.on("message", ({ id, image }: ExtractionRequest) => {
  try {
    const bytes = extractImage(image);
    parentPort?.postMessage({ id, bytes } satisfies ExtractionReply, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({
      id,
      error: `finger ${image.position}: ${error instanceof Error ? error.message : String(error)}`,
    } satisfies ExtractionReply);
  }
});
