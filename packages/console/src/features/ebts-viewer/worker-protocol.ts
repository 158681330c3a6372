import type { ViewerDocument, ViewerImage } from "./describe-transaction.js";

export interface ViewerRequest {
  readonly id: number;
  readonly bytes: ArrayBuffer;
}

export type ViewerReply =
  | { readonly id: number; readonly type: "document"; readonly document: ViewerDocument }
  | { readonly id: number; readonly type: "image"; readonly image: ViewerImage }
  | { readonly id: number; readonly type: "done" }
  | { readonly id: number; readonly type: "failed"; readonly message: string };
