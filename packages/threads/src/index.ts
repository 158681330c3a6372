export { typeScriptWorker } from "./typescript-worker.js";
