import { CONSOLE_BUILD_DIR, consoleBuilt } from "@tenprint/console/build";

/**
 * The web console's build for `createApi`, when it was built (`npm start` builds it first; otherwise
 * `npm run build -w @tenprint/console`). Without a build the hub serves the API alone and says why.
 */
export function consoleFolder(wanted: boolean, print: (line: string) => void): { console?: string } {
  if (!wanted) return {};
  if (consoleBuilt()) return { console: CONSOLE_BUILD_DIR };
  print(
    `the web console is not built (${CONSOLE_BUILD_DIR} has no index.html): serving the API only; build it with \`npm run build -w @tenprint/console\``,
  );
  return {};
}
