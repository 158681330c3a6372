export { typeScriptWorker } from "./typescript-worker.js";
export {
  type WorkerAnswer,
  WorkerCrashedError,
  WorkerPool,
  WorkerPoolClosedError,
  type WorkerPoolOptions,
} from "./worker-pool.js";
