/**
 * Worker threads for Tenprint's packages: a pool that survives a dead thread, and the thread that runs a
 * module's compiled twin (packages/threads/README.md).
 *
 * @module @tenprint/threads
 */
export { typeScriptWorker } from "./typescript-worker.js";
export {
  type WorkerAnswer,
  WorkerCrashedError,
  WorkerPool,
  WorkerPoolClosedError,
  type WorkerPoolOptions,
} from "./worker-pool.js";
