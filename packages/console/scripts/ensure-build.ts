import { ensureConsoleBuild } from "./console-build.js";

/**
 * `npm start`'s prestart: a fresh clone has no console build (dist/ is not committed), and a pulled
 * change leaves an old one. Both are built here, so `npm ci && npm start` stays two commands.
 */
await ensureConsoleBuild((line) => process.stdout.write(`${line}\n`));
