import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { NATS_TEST_URL } from "./farm-nats.js";

const CLI = fileURLToPath(new URL("../../../cli/bin/tenprint.js", import.meta.url));

/** A `tenprint matcher` child process (node runs the CLI itself, so SIGKILL reaches the matcher). */
export class MatcherProcess {
  static readonly live = new Set<MatcherProcess>();
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  output = "";

  constructor(args: {
    prefix: string;
    repository: string;
    shard: string;
    replica: string;
    snapshotSeconds?: number;
  }) {
    this.#child = spawn(
      process.execPath,
      [
        CLI,
        "matcher",
        "--nats",
        NATS_TEST_URL,
        "--prefix",
        args.prefix,
        "--repository",
        args.repository,
        "--shard",
        args.shard,
        "--replica",
        args.replica,
        "--workers",
        "0",
        "--snapshot-seconds",
        String(args.snapshotSeconds ?? 1),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.#child.stdout?.on("data", (chunk) => {
      this.output += String(chunk);
    });
    this.#child.stderr?.on("data", (chunk) => {
      this.output += String(chunk);
    });
    this.#exited = new Promise((resolve) => this.#child.once("exit", () => resolve()));
    MatcherProcess.live.add(this);
    void this.#exited.then(() => MatcherProcess.live.delete(this));
  }

  /** Resolves when the matcher says it is ready; rejects if it exits first or takes too long. */
  async ready(timeoutMs = 240_000): Promise<void> {
    const started = Date.now();
    while (!/ ready: /.test(this.output)) {
      if (this.#child.exitCode !== null || this.#child.signalCode !== null)
        throw new Error(`matcher exited before it was ready:\n${this.output}`);
      if (Date.now() - started > timeoutMs)
        throw new Error(`matcher not ready after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill(signal);
    await this.#exited;
  }
}
