import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  HUB_PROCESS_CONFIG_ENV,
  type HubProcessConfig,
  type HubProcessLine,
} from "./hub-process-protocol.js";

const ENTRY = fileURLToPath(new URL("./hub-process.ts", import.meta.url));

/**
 * tsx's loader, registered with --import so that node itself runs the entry: the tsx CLI would put a
 * second process between the test and the hub, and SIGKILL would kill the wrong one.
 */
function tsxLoaderUrl(): string {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  return pathToFileURL(join(dirname(manifest), "dist", "loader.mjs")).href;
}

export interface HubProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running hub process: its JSON lines as they come, its stderr, and its exit. */
export class HubProcess {
  /** Processes not yet exited, so that a test that fails or times out can kill what it started. */
  static readonly live = new Set<HubProcess>();
  readonly lines: HubProcessLine[] = [];
  stderr = "";
  readonly exited: Promise<HubProcessExit>;
  readonly #child: ChildProcess;
  #ready: (() => void) | undefined;
  readonly ready: Promise<void>;
  #working: (() => void) | undefined;
  #firstCounts: string | undefined;
  /** Resolves once this process has committed work: its counts moved since its first report. */
  readonly working: Promise<void>;
  hasWorked = false;

  constructor(config: HubProcessConfig) {
    this.ready = new Promise((resolve) => {
      this.#ready = resolve;
    });
    this.working = new Promise((resolve) => {
      this.#working = resolve;
    });
    this.#child = spawn(process.execPath, ["--import", tsxLoaderUrl(), ENTRY], {
      env: { ...process.env, [HUB_PROCESS_CONFIG_ENV]: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buffered = "";
    this.#child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const text = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (text.startsWith("{")) {
          const line = JSON.parse(text) as HubProcessLine;
          this.lines.push(line);
          if (line.event === "ready") this.#ready?.();
          else this.#noteProgress(JSON.stringify(line.counts));
        }
        newline = buffered.indexOf("\n");
      }
    });
    this.#child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    HubProcess.live.add(this);
    this.exited = new Promise((resolve) => {
      this.#child.on("exit", (code, signal) => {
        HubProcess.live.delete(this);
        resolve({ code, signal });
      });
    });
  }

  #noteProgress(counts: string): void {
    this.#firstCounts ??= counts;
    if (counts === this.#firstCounts) return;
    this.hasWorked = true;
    this.#working?.();
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** kill -9: no handler runs, nothing is flushed or closed. */
  async killHard(): Promise<HubProcessExit> {
    if (this.running) this.#child.kill("SIGKILL");
    return this.exited;
  }

  lastCounts() {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const line = this.lines[i];
      if (line && line.event !== "ready") return line.counts;
    }
    return undefined;
  }
}
