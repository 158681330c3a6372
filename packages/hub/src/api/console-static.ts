import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * The web console's built files at `/`, on the API's origin so the console calls `/v1` without CORS.
 * The hub stays free of React: the CLI passes the folder `@tenprint/console` built.
 *
 * Files are listed when the hub starts (`wildcard: false`), so the console owns exactly the paths of its
 * files and nothing else: `/v1`, `/docs`, `/health` and `/demo` can never be shadowed by it. Any other
 * GET that asks for HTML is one of the console's client-side routes and gets `index.html`.
 */
const API_PREFIXES = /^\/(?:v1|docs|health|demo)(?:[/?#]|$)/;

/** Hashed bundles never change under their name; index.html must be re-read to find new ones. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * The console fetches only its own origin, decodes images into blob: URLs and decodes EBTS files in a
 * worker it loads from its own origin.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join("; ");

export class ConsoleBuildMissingError extends Error {
  override readonly name = "ConsoleBuildMissingError";
  constructor(readonly root: string) {
    super(`no console build in ${root} (index.html is missing): run \`npm run build -w @tenprint/console\``);
  }
}

/** A pre-compressed sibling (`app.js.br`) is sent for its original and gets the original's headers. */
const COMPRESSED_SUFFIX = /\.(?:br|gz)$/;

function consoleHeaders(reply: FastifyReply, sentPath: string): void {
  const path = sentPath.replace(COMPRESSED_SUFFIX, "");
  reply.header("x-content-type-options", "nosniff");
  if (path.endsWith(".html")) {
    reply.header("cache-control", "no-cache");
    reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
  } else if (path.includes("/assets/")) reply.header("cache-control", IMMUTABLE);
}

export function registerConsole(app: FastifyInstance, root: string): void {
  if (!existsSync(join(root, "index.html"))) throw new ConsoleBuildMissingError(root);
  app.register(fastifyStatic, {
    root,
    prefix: "/",
    wildcard: false,
    index: ["index.html"],
    // The build writes .br and .gz beside each text file (vite.config.ts): the county outlines are
    // 745 KB as JSON and 0.3 MB gzipped, sent without compressing them on every request.
    preCompressed: true,
    setHeaders: (response, path) => consoleHeaders(response, path),
  });
}

/** A client-side route of the console: answered with index.html, which routes it in the browser. */
export function isConsoleRoute(request: FastifyRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (API_PREFIXES.test(request.url)) return false;
  return (request.headers.accept ?? "").includes("text/html");
}

export function sendConsoleIndex(reply: FastifyReply): FastifyReply {
  return reply.sendFile("index.html");
}
