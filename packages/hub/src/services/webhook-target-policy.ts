import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** `dns.lookup` with `{ all: true }`, the shape the policy resolves through (tests pass their own). */
export type AddressLookup = (hostname: string) => Promise<readonly LookupAddress[]>;

/**
 * Where the hub may POST webhooks. By default only public unicast addresses over https: an agency's
 * webhook must not turn the hub into a client of its own network (loopback services, the cloud metadata
 * address, private ranges). An operator who runs receivers inside the network lists them.
 */
export interface WebhookTargetPolicy {
  /** Host names (lower case, exact) the operator trusts whatever they resolve to. */
  readonly allowHosts: readonly string[];
  /** Address ranges the operator allows although they are not public unicast, e.g. `10.20.0.0/16`. */
  readonly allowCidrs: readonly (readonly [ipaddr.IPv4 | ipaddr.IPv6, number])[];
  /** Plain http permitted (tests, a receiver on a trusted network); https only otherwise. */
  readonly allowHttp: boolean;
  /** Resolves host names, at registration and again at connection time. */
  readonly lookup: AddressLookup;
}

/** Environment variables of the policy, read by `webhookTargetPolicyFromEnv`. */
export const WEBHOOK_TARGET_ENV = {
  /** Comma-separated host names, addresses and CIDR ranges the hub may deliver to although not public. */
  allow: "TENPRINT_WEBHOOK_ALLOW",
  /** `1` or `true`: plain http webhooks are accepted. */
  allowHttp: "TENPRINT_WEBHOOK_ALLOW_HTTP",
} as const;

export class WebhookTargetError extends Error {
  override name = "WebhookTargetError";
}

const systemLookup: AddressLookup = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** A policy from explicit entries: host names, addresses (`/32`, `/128` implied) and CIDR ranges. */
export function webhookTargetPolicy(
  options: { allow?: readonly string[]; allowHttp?: boolean; lookup?: AddressLookup } = {},
): WebhookTargetPolicy {
  const allowHosts: string[] = [];
  const allowCidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of options.allow ?? []) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, "");
    if (!entry) continue;
    if (entry.includes("/")) {
      try {
        allowCidrs.push(ipaddr.parseCIDR(entry));
      } catch {
        throw new WebhookTargetError(`webhook allow-list entry ${raw} is not a valid CIDR range`);
      }
    } else if (isIP(entry)) {
      const address = ipaddr.parse(entry);
      allowCidrs.push([address, address.kind() === "ipv4" ? 32 : 128]);
    } else allowHosts.push(entry);
  }
  return {
    allowHosts,
    allowCidrs,
    allowHttp: options.allowHttp ?? false,
    lookup: options.lookup ?? systemLookup,
  };
}

/** The operator's policy from `TENPRINT_WEBHOOK_ALLOW` and `TENPRINT_WEBHOOK_ALLOW_HTTP`. */
export function webhookTargetPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookTargetPolicy {
  const flag = env[WEBHOOK_TARGET_ENV.allowHttp]?.toLowerCase();
  return webhookTargetPolicy({
    allow: (env[WEBHOOK_TARGET_ENV.allow] ?? "").split(","),
    allowHttp: flag === "1" || flag === "true",
  });
}

/**
 * Why an address may not be connected to, or undefined when it may. Only public unicast passes:
 * ipaddr.js names every special range (loopback, private, linkLocal, uniqueLocal, multicast,
 * unspecified, broadcast, carrierGradeNat, reserved, NAT64 and 6to4 prefixes that embed an IPv4
 * address, …); an IPv4-mapped IPv6 address is judged as the IPv4 address it is.
 */
export function refusedAddress(policy: WebhookTargetPolicy, address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  for (const [range, bits] of policy.allowCidrs)
    if (range.kind() === parsed.kind() && parsed.match(range, bits)) return undefined;
  const range = parsed.range();
  return range === "unicast" ? undefined : `${parsed.toString()} is a ${range} address`;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

/**
 * Checks a webhook URL before it is stored: scheme, and every address its host resolves to. The WHATWG
 * URL parser has already turned integer, octal and hex IPv4 spellings (`http://2130706433/`,
 * `http://0177.1/`) into dotted form, the same form the HTTP client connects to.
 */
export async function checkWebhookTarget(
  policy: WebhookTargetPolicy,
  url: URL,
  options: { resolve: boolean } = { resolve: true },
): Promise<void> {
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.allowHttp))
    throw new WebhookTargetError(
      `must use https${url.protocol === "http:" ? " (the operator does not allow plain http)" : ""}, not ${url.protocol}`,
    );
  const host = hostOf(url);
  if (policy.allowHosts.includes(host)) return;
  if (isIP(host)) {
    const refused = refusedAddress(policy, host);
    if (refused) throw new WebhookTargetError(`host ${refused}, which webhooks may not reach`);
    return;
  }
  if (!options.resolve) return;
  let addresses: readonly LookupAddress[];
  try {
    addresses = await policy.lookup(host);
  } catch (error) {
    throw new WebhookTargetError(`host ${host} does not resolve (${(error as Error).message})`);
  }
  if (addresses.length === 0) throw new WebhookTargetError(`host ${host} does not resolve`);
  for (const { address } of addresses) {
    const refused = refusedAddress(policy, address);
    if (refused)
      throw new WebhookTargetError(`host ${host} resolves to ${refused}, which webhooks may not reach`);
  }
}

/** Whether the host is trusted by name, so its connections skip the address check. */
export function isAllowedHost(policy: WebhookTargetPolicy, hostname: string): boolean {
  return policy.allowHosts.includes(hostname.replace(/^\[|\]$/g, "").toLowerCase());
}
