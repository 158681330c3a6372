import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Debian's nats-server (package `nats-server`), or the one on PATH. */
function natsServerBinary(): string {
  return existsSync("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.connect(port, "127.0.0.1");
  });
}

/**
 * A nats-server with JetStream of a test's own, on a free port with its store in a temporary directory:
 * a test may stop and restart it (same port, same store) without touching the shared server.
 */
export class PrivateNats {
  readonly port: number;
  readonly storeDir: string;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  output = "";

  private constructor(port: number, storeDir: string) {
    this.port = port;
    this.storeDir = storeDir;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateNats> {
    const server = new PrivateNats(await freePort(), mkdtempSync(join(tmpdir(), "tenprint-nats-")));
    await server.restart();
    return server;
  }

  /** Starts the server (again) on the same port and store; resolves once it accepts connections. */
  async restart(): Promise<void> {
    if (this.#child) throw new Error(`nats-server on port ${this.port} is already running`);
    this.output = "";
    const child = spawn(
      natsServerBinary(),
      ["-a", "127.0.0.1", "-p", String(this.port), "-js", "-sd", this.storeDir],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const failed = new Promise<never>((_, reject) =>
      child.once("error", (error) =>
        reject(
          new Error(
            `this test starts its own nats-server (Debian package nats-server, ${natsServerBinary()}): ${error.message}`,
          ),
        ),
      ),
    );
    for (const stream of [child.stdout, child.stderr])
      stream?.on("data", (chunk) => {
        this.output += String(chunk);
      });
    this.#child = child;
    this.#exited = exited.then(() => {
      this.#child = undefined;
    });
    const started = Date.now();
    // JetStream recovers its streams before the server listens for clients.
    while (!/Server is ready/.test(this.output) || !(await accepts(this.port))) {
      if (child.exitCode !== null) throw new Error(`nats-server exited at start:\n${this.output}`);
      if (Date.now() - started > 30_000) throw new Error(`nats-server not ready after 30 s:\n${this.output}`);
      await Promise.race([failed, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
  }

  /** Stops the server with `signal` (SIGTERM: clean shutdown; SIGKILL: as a crash) and waits for its exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    this.#child?.kill(signal);
    await this.#exited;
  }

  /** Stops the server and removes its store. */
  async remove(): Promise<void> {
    await this.stop("SIGKILL");
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
