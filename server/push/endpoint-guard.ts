import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

// A push endpoint is a URL a stranger hands the server, which then POSTs to it: without care, a
// way to make the server reach its own network (SSRF). So an endpoint must be https: on public
// addresses only, every address its name resolves to is checked, and the request then connects
// to the address that was checked (send.ts pins it), so a second DNS answer (rebinding) cannot
// swap in another. See docs/PUSH.md.

export const MAX_ENDPOINT_LENGTH = 2048;

/** An endpoint as checked: the URL, and the one address a request to it must connect to. */
export type CheckedEndpoint = { url: URL; address: string; family: 4 | 6 };

export type EndpointGuard = (endpoint: string) => Promise<CheckedEndpoint>;

/** Never acceptable: the reason is fit to show the client. */
export class EndpointRefused extends Error {}

/** Its name did not resolve just now: worth trying again later. */
export class EndpointUnresolved extends Error {}

export type ResolveAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

const resolveWithSystem: ResolveAll = (hostname) => lookup(hostname, { all: true, verbatim: true });

export type EndpointGuardOptions = {
  /** Tests only (PUSH_ALLOW_LOOPBACK): also admit http://127.0.0.1:<port>, the push-service stand-in. */
  allowLoopback: boolean;
  resolve?: ResolveAll;
};

export function createEndpointGuard({ allowLoopback, resolve = resolveWithSystem }: EndpointGuardOptions): EndpointGuard {
  return async (endpoint) => {
    const url = parseEndpoint(endpoint);
    if (url.protocol === "http:" && allowLoopback && url.hostname === "127.0.0.1") {
      return { url, address: "127.0.0.1", family: 4 };
    }
    if (url.protocol !== "https:") throw new EndpointRefused("A push endpoint must be an https: URL.");
    // The URL parser has already normalized IP literals (0x7f000001 -> 127.0.0.1); IPv6 ones
    // keep their brackets.
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolveHost(resolve, host);
    // One private answer among public ones is refused too: the request could reach any of them.
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused) throw new EndpointRefused(`A push endpoint must be on a public address; ${url.hostname} is at ${refused.address}.`);
    const [first] = addresses;
    if (!first) throw new EndpointUnresolved(`${url.hostname} has no address.`);
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
  };
}

function parseEndpoint(endpoint: string): URL {
  if (endpoint.length > MAX_ENDPOINT_LENGTH) throw new EndpointRefused(`A push endpoint is at most ${MAX_ENDPOINT_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EndpointRefused("A push endpoint must be a URL.");
  }
  if (url.username || url.password) throw new EndpointRefused("A push endpoint must not carry a user name or password.");
  return url;
}

async function resolveHost(resolve: ResolveAll, host: string): Promise<{ address: string; family: number }[]> {
  try {
    return await resolve(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTFOUND is an answer (no such name); the rest (EAI_AGAIN, timeouts) may pass.
    if (code === "ENOTFOUND" || code === "ENODATA") throw new EndpointRefused(`The push endpoint's host ${host} does not exist.`);
    throw new EndpointUnresolved(`The push endpoint's host ${host} could not be resolved (${code ?? "error"}).`);
  }
}

/**
 * Only globally routable unicast: ipaddr.js names every special range (loopback, private,
 * link-local, unique local, carrier-grade NAT, multicast, unspecified, broadcast, reserved,
 * documentation, 6to4, Teredo, NAT64...) and calls the rest "unicast". IPv4-mapped IPv6
 * addresses are judged as the IPv4 address they carry.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}
