import { parentPort } from "node:worker_threads";
import { extractTemplate, writeTenprintTemplate } from "@tenprint/afis";
import { decodeImage } from "@tenprint/nist";
import { decodeOptions, type ProbeImage } from "./probe-image.js";

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
      bytes: writeTenprintTemplate(extractTemplate(decodeImage(image.data, decodeOptions(image)))),
    }));
    parentPort?.postMessage({ id, templates } satisfies ExtractionReply);
  } catch (error) {
    parentPort?.postMessage({
      id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies ExtractionReply);
  }
});
