import { parentPort, workerData } from "node:worker_threads";

const greeting: string = String(workerData);
parentPort?.on("message", (text: string) => parentPort?.postMessage(`${greeting} ${text}`));
