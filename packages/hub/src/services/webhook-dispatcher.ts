import type { LookupAddress, LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { Agent, buildConnector } from "undici";
import {
  isAllowedHost,
  refusedAddress,
  WebhookTargetError,
  type WebhookTargetPolicy,
} from "./webhook-target-policy.js";

/**
 * A resolver for the socket that answers only addresses the policy allows: a name that resolved to a
 * public address when the webhook was registered and resolves to 127.0.0.1 now (DNS rebinding) never
 * gets a connection.
 */
function guardedLookup(policy: WebhookTargetPolicy): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    const reply = callback as (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void;
    policy.lookup(hostname).then(
      (addresses) => {
        if (!isAllowedHost(policy, hostname))
          for (const { address } of addresses) {
            const refused = refusedAddress(policy, address);
            if (refused)
              return reply(
                new WebhookTargetError(`${hostname} resolves to ${refused}, which webhooks may not reach`),
                "",
              );
          }
        const wanted = addresses.filter((a) => !options.family || a.family === options.family);
        if (wanted.length === 0)
          return reply(new WebhookTargetError(`${hostname} has no address of the wanted family`), "");
        if (options.all) return reply(null, wanted);
        const [first] = wanted as [LookupAddress];
        return reply(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => reply(error, ""),
    );
  };
}

/**
 * The HTTP dispatcher webhooks are POSTed through. Names are resolved by `guardedLookup`; literal
 * addresses (which sockets connect to without a lookup) are judged before connecting; and the address a
 * socket actually connected to is judged again before a byte of the request is written.
 */
export function webhookDispatcher(policy: WebhookTargetPolicy, connectTimeoutMs: number): Agent {
  const connect = buildConnector({ lookup: guardedLookup(policy), timeout: connectTimeoutMs });
  return new Agent({
    connect: (options, callback) => {
      const trusted = isAllowedHost(policy, options.hostname);
      if (!trusted && isIP(options.hostname.replace(/^\[|\]$/g, ""))) {
        const refused = refusedAddress(policy, options.hostname);
        if (refused) {
          callback(new WebhookTargetError(`${refused}, which webhooks may not reach`), null);
          return;
        }
      }
      connect(options, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error("no socket"), null);
        const refused = trusted ? undefined : refusedAddress(policy, socket.remoteAddress ?? "unknown");
        if (!refused) return callback(null, socket);
        socket.destroy();
        callback(new WebhookTargetError(`connected to ${refused}, which webhooks may not reach`), null);
      });
    },
  });
}
