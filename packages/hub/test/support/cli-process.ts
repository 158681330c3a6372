import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../../cli/bin/tenprint.js", import.meta.url));

/** A `tenprint` child process (node runs the CLI itself, so SIGKILL reaches the command). */
export class CliProcess {
  static readonly live = new Set<CliProcess>();
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  output = "";

  /** `env` is added to this process's environment. */
  constructor(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
    this.#child = spawn(process.execPath, [CLI, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    this.#child.stdout?.on("data", (chunk) => {
      this.output += String(chunk);
    });
    this.#child.stderr?.on("data", (chunk) => {
      this.output += String(chunk);
    });
    this.#exited = new Promise((resolve) => this.#child.once("exit", () => resolve()));
    CliProcess.live.add(this);
    void this.#exited.then(() => CliProcess.live.delete(this));
  }

  /** Resolves when the command says it is ready; rejects if it exits first or takes too long. */
  async ready(timeoutMs = 240_000): Promise<void> {
    const started = Date.now();
    while (!/ ready: /.test(this.output)) {
      if (this.#child.exitCode !== null || this.#child.signalCode !== null)
        throw new Error(`${this.#child.spawnargs[2]} exited before it was ready:\n${this.output}`);
      if (Date.now() - started > timeoutMs)
        throw new Error(`${this.#child.spawnargs[2]} not ready after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Sends a signal that need not end the process (SIGSTOP, SIGCONT). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.#child.kill(signal);
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill(signal);
    await this.#exited;
  }
}
