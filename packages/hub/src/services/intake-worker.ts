import { parentPort } from "node:worker_threads";
import { checkSubmission, type ErrtContext, type IntakeOutcome } from "./intake-check.js";

export interface IntakeRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly errt: ErrtContext;
}

export type IntakeReply =
  | { readonly id: number; readonly outcome: IntakeOutcome }
  | { readonly id: number; readonly error: string };

parentPort?.on("message", ({ id, bytes, errt }: IntakeRequest) => {
  try {
    parentPort?.postMessage({ id, outcome: checkSubmission(bytes, errt) } satisfies IntakeReply);
  } catch (error) {
    parentPort?.postMessage({
      id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies IntakeReply);
  }
});
