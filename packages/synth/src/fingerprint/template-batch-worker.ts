import { parentPort } from "node:worker_threads";
import { generateTemplateBatch, type TemplateBatchRequest } from "./template-batch.js";

/** A worker thread of syntheticGallery: one batch per message, its arrays transferred back. */
parentPort?.on("message", (message: { id: number; request: TemplateBatchRequest }) => {
  try {
    const batch = generateTemplateBatch(message.request);
    parentPort!.postMessage({ id: message.id, batch }, [
      batch.start.buffer,
      batch.width.buffer,
      batch.height.buffer,
      batch.x.buffer,
      batch.y.buffer,
      batch.direction.buffer,
      batch.type.buffer,
      batch.quality.buffer,
    ]);
  } catch (error) {
    parentPort!.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
