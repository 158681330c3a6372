import { randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import pino, { type DestinationStream, type Logger } from "pino";

/** Environment variable of the log level (`info` unless set): trace, debug, info, warn, error, fatal. */
export const LOG_LEVEL_ENV = "TENPRINT_LOG_LEVEL";

/**
 * Paths pino censors wherever they appear. Request bodies and headers are not logged at all (see the
 * serializers); these catch a secret that reaches a log line some other way — an error's details, a
 * body logged while debugging.
 */
const REDACTED = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "apiKey",
  "*.apiKey",
  "secret",
  "*.secret",
  "body.secret",
  "*.body.secret",
];

/** The request as a log line shows it: no headers, no body, no query string (which may carry tokens). */
function requestLine(request: FastifyRequest) {
  return {
    method: request.method,
    path: request.url.split("?")[0],
    route: request.routeOptions?.url,
    remoteAddress: request.ip,
  };
}

function replyLine(reply: FastifyReply) {
  return { statusCode: reply.statusCode };
}

/**
 * The hub's structured log (pino, JSON lines): every request with its id, method, path, status and time,
 * the authenticated caller's ORI, role and key id (`actor`), and every unexpected error with its stack.
 * Never the Authorization header, an API key or a webhook secret.
 */
export function hubLogger(
  options: { level?: string; destination?: DestinationStream | string | number } = {},
): Logger {
  const destination = options.destination ?? 1;
  return pino(
    {
      level: options.level ?? process.env[LOG_LEVEL_ENV] ?? "info",
      base: { service: "tenprint-hub" },
      redact: { paths: REDACTED, censor: "[redacted]" },
      serializers: { req: requestLine, res: replyLine, err: pino.stdSerializers.err },
    },
    typeof destination === "object" ? destination : pino.destination({ dest: destination, sync: false }),
  );
}

/** Request ids are random: a client-supplied id could be chosen to collide with or forge another's log. */
export function requestId(): string {
  return randomUUID();
}

/** After authentication: the request's log lines carry who made it. */
export function logCaller(
  request: FastifyRequest,
  reply: FastifyReply,
  caller: { ori: string; role: string; actor: string },
): void {
  const child = request.log.child({ ori: caller.ori, role: caller.role, actor: caller.actor });
  request.log = child;
  reply.log = child;
}
