import type { IncomingHttpHeaders } from "node:http";

/**
 * Route handlers see a Fetch `Request`, which has no peer address: the custom server puts the
 * client's address in this header, overwriting whatever a client sent under the same name.
 */
export const CLIENT_IP_HEADER = "x-newsflash-client-ip";

type PeerRequest = { headers: IncomingHttpHeaders; socket: { remoteAddress?: string | undefined } };

/**
 * The address that limits count against. Behind a trusted reverse proxy it is the last
 * X-Forwarded-For entry (the one the proxy added); otherwise the TCP peer, because anyone
 * can write X-Forwarded-For and would get a fresh budget per request.
 */
export function clientAddressOf(request: PeerRequest, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headerValue(request.headers["x-forwarded-for"]);
    const last = forwarded?.split(",").at(-1)?.trim();
    if (last) return last;
  }
  return request.socket.remoteAddress ?? "unknown";
}

/** In a route handler: the address the custom server recorded. */
export function clientAddressFromHeaders(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.at(-1) : value;
}
