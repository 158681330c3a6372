import { parentPort } from "node:worker_threads";
import { extractTemplate, writeTenprintTemplate } from "@tenprint/afis";
import { decodeImage } from "@tenprint/nist";

/** One finger image of a booking, as the Type-14 record carries it. */
export interface ProbeImage {
  readonly position: number;
  readonly data: Uint8Array;
  readonly ppi: number;
}

export interface ExtractionRequest {
  readonly id: number;
  readonly images: readonly ProbeImage[];
}

export type ExtractionReply =
  | { readonly id: number; readonly templates: readonly { position: number; bytes: Uint8Array }[] }
  | { readonly id: number; readonly error: string };

parentPort?.on("message", ({ id, images }: ExtractionRequest) => {
  try {
    const templates = images.map((image) => ({
      position: image.position,
      bytes: writeTenprintTemplate(extractTemplate(decodeImage(image.data, { ppi: image.ppi }))),
    }));
    parentPort?.postMessage({ id, templates } satisfies ExtractionReply);
  } catch (error) {
    parentPort?.postMessage({
      id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies ExtractionReply);
  }
});
