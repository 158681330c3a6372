import { describeTransaction, recordImage, type ViewerImage } from "./describe-transaction.js";
import type { ViewerReply, ViewerRequest } from "./worker-protocol.js";

/**
 * Parses, validates and decodes an EBTS file off the page's thread: WSQ decoding of fourteen prints
 * takes long enough to freeze a page. The structure goes first, then each image as it is decoded.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ViewerRequest>) => void) | null;
  postMessage(message: ViewerReply, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, bytes } = event.data;
  try {
    const { document, transaction } = describeTransaction(new Uint8Array(bytes));
    scope.postMessage({ id, type: "document", document });
    transaction?.records.forEach((record, index) => {
      const image: ViewerImage | undefined = recordImage(record, index);
      if (!image) return;
      const buffer =
        image.kind === "gray"
          ? image.pixels.buffer
          : image.kind === "encoded"
            ? image.bytes.buffer
            : undefined;
      scope.postMessage({ id, type: "image", image }, buffer ? [buffer as ArrayBuffer] : []);
    });
    scope.postMessage({ id, type: "done" });
  } catch (error) {
    scope.postMessage({
      id,
      type: "failed",
      message: error instanceof Error ? error.message : String(error),
    });
  }
};
