import { useCallback, useEffect, useRef, useState } from "react";
import type { ViewerDocument, ViewerImage } from "../describe-transaction.js";
import type { ViewerReply, ViewerRequest } from "../worker-protocol.js";

export interface ViewerState {
  readonly status: "idle" | "reading" | "decoding" | "done" | "failed";
  readonly fileName?: string;
  readonly document?: ViewerDocument;
  readonly images: ReadonlyMap<number, ViewerImage>;
  readonly error?: string;
}

const IDLE: ViewerState = { status: "idle", images: new Map() };

/** One worker for the page's life; each opened file gets an id so a late reply for an old file is dropped. */
export function useViewerWorker() {
  const worker = useRef<Worker>(undefined);
  const current = useRef(0);
  const [state, setState] = useState<ViewerState>(IDLE);

  useEffect(() => {
    const created = new Worker(new URL("../parse.worker.ts", import.meta.url), { type: "module" });
    worker.current = created;
    created.onmessage = (event: MessageEvent<ViewerReply>) => {
      const reply = event.data;
      if (reply.id !== current.current) return;
      setState((previous) => {
        switch (reply.type) {
          case "document":
            return { ...previous, status: "decoding", document: reply.document };
          case "image":
            return {
              ...previous,
              images: new Map(previous.images).set(reply.image.recordIndex, reply.image),
            };
          case "done":
            return { ...previous, status: "done" };
          case "failed":
            return { ...previous, status: "failed", error: reply.message };
        }
      });
    };
    created.onerror = (event) =>
      setState((previous) => ({
        ...previous,
        status: "failed",
        error: event.message || "the decoder stopped",
      }));
    return () => created.terminate();
  }, []);

  const open = useCallback(async (file: File) => {
    const id = ++current.current;
    setState({ status: "reading", fileName: file.name, images: new Map() });
    const bytes = await file.arrayBuffer();
    if (id !== current.current) return;
    const request: ViewerRequest = { id, bytes };
    worker.current?.postMessage(request, [bytes]);
  }, []);

  return { state, open };
}
