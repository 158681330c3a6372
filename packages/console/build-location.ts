import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where `npm run build -w @tenprint/console` puts the console, for the CLI to hand to the hub
 * (`createApi({ console })`): the hub itself never depends on the console.
 */
export const CONSOLE_BUILD_DIR = fileURLToPath(new URL("./dist/", import.meta.url));

export function consoleBuilt(dir: string = CONSOLE_BUILD_DIR): boolean {
  return existsSync(join(dir, "index.html"));
}
