import { bookingWithTcn, startConsoleHub } from "../test/support/console-hub.js";

/**
 * A hub with COUNT LESC cases waiting for a person, for bench.ts's "next case after a determination"
 * figure when the demo has too few (the demo decides about two in three cases by its rules, and on a
 * loaded machine its stream makes a waiting case every few minutes). It is the browser tests' hub: PGlite
 * in a temporary directory, the whole runtime, the built console at `/`, the demo's "sign in as" keys;
 * each case is the known arrestee booked again (engine-rendered prints, as the demo renders them) under its
 * own TCN, so each case page has real prints, a real comparison and real paired minutiae.
 *
 *   COUNT=8 npx tsx --conditions=@tenprint/source packages/console/scripts/bench-hub.ts
 *   # prints "ready <url> pid <pid>"; then, in another shell:
 *   HUB_PID=<pid> RUNS=7 npx tsx --conditions=@tenprint/source packages/console/scripts/bench.ts <url>
 *
 * It serves until it is interrupted (Ctrl-C), then removes its database.
 */
const COUNT = Number(process.env.COUNT ?? 8);

const hub = await startConsoleHub("engine");
const stop = async () => {
  await hub.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());

for (let index = 1; index <= COUNT; index++) {
  const tcn = `SYNBENCH${String(index).padStart(8, "0")}`;
  const response = await fetch(`${hub.url}/v1/transactions`, {
    method: "POST",
    headers: { authorization: `Bearer ${hub.keys.LEA}`, "content-type": "application/octet-stream" },
    body: Buffer.from(bookingWithTcn(tcn, "engine")),
  });
  if (response.status !== 202) throw new Error(`booking ${tcn}: ${response.status} ${await response.text()}`);
}
// The workflow runs on the hub's own loops: wait until every booking's IAQ is in the queue.
const deadline = Date.now() + 15 * 60_000;
for (;;) {
  const { count } = await hub.api<{ count: number }>("LESC", "/v1/lesc/queue", "console benchmark");
  process.stderr.write(`${count} of ${COUNT} cases in the LESC queue\n`);
  if (count >= COUNT) break;
  if (Date.now() > deadline)
    throw new Error(`only ${count} of ${COUNT} cases reached the LESC queue in 15 min`);
  await new Promise((resolve) => setTimeout(resolve, 5000));
}
process.stdout.write(`ready ${hub.url} pid ${process.pid}\n`);
