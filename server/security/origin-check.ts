import type { IncomingHttpHeaders } from "node:http";
import { headerValue } from "./client-ip";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type OriginVerdict = { isAllowed: true } | { isAllowed: false; reason: string };

/**
 * Cross-site request forgery guard for state-changing requests. A browser always sends
 * `Origin` on a cross-origin POST/PUT/PATCH/DELETE (and `Sec-Fetch-Site` in current ones), so:
 * - `Origin` present: its host must be this site's host (`Host`, or `X-Forwarded-Host` set by
 *   a proxy; a page on another site can set neither). `Origin: null` is refused.
 * - no `Origin`: the `Referer`'s host must match instead, when there is one;
 * - neither: refused only if `Sec-Fetch-Site` says another site sent it. Otherwise it is a
 *   non-browser client (curl, the tests, a script), which no cookie rides along with by accident.
 * The scheme is not compared: behind a TLS-terminating proxy the server sees http.
 * A request that carries a publishing token and no cookie is let through whatever its origin
 * (isTokenOnly): the check exists because a browser attaches cookies on its own, and such a
 * request has none to abuse; its token was put there on purpose by whoever holds it.
 */
export function checkOrigin(method: string | undefined, headers: IncomingHttpHeaders): OriginVerdict {
  if (SAFE_METHODS.has((method ?? "GET").toUpperCase())) return ALLOWED;
  if (isTokenOnly(headers)) return ALLOWED;
  return checkSameSite(headers);
}

/** `Authorization: Bearer ...` and no `Cookie` header at all. */
function isTokenOnly(headers: IncomingHttpHeaders): boolean {
  const authorization = headerValue(headers.authorization);
  return authorization !== undefined && /^bearer /i.test(authorization) && headers.cookie === undefined;
}

/** The same rule for any request (Socket.IO handshakes, which are GETs). */
export function checkSameSite(headers: IncomingHttpHeaders): OriginVerdict {
  const siteHosts = new Set(
    [headerValue(headers.host), headerValue(headers["x-forwarded-host"])?.split(",")[0]]
      .map((host) => host?.trim().toLowerCase())
      .filter((host): host is string => Boolean(host)),
  );
  const origin = headerValue(headers.origin);
  if (origin !== undefined) return hostOf(origin, siteHosts, "Origin");
  const referer = headerValue(headers.referer);
  if (referer !== undefined) return hostOf(referer, siteHosts, "Referer");
  const fetchSite = headerValue(headers["sec-fetch-site"]);
  if (fetchSite === "cross-site" || fetchSite === "same-site") {
    return { isAllowed: false, reason: "This request came from another site." };
  }
  return ALLOWED;
}

function hostOf(url: string, siteHosts: Set<string>, header: string): OriginVerdict {
  let host: string;
  try {
    host = new URL(url).host.toLowerCase();
  } catch {
    return { isAllowed: false, reason: `The ${header} header is not a URL of this site.` };
  }
  if (host && siteHosts.has(host)) return ALLOWED;
  return { isAllowed: false, reason: `Requests from ${header === "Origin" ? "another origin" : "another page"} are not accepted: the ${header} header does not match this site.` };
}

const ALLOWED: OriginVerdict = { isAllowed: true };
