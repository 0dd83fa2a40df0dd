import { decode } from "next-auth/jwt";
import type { Logger } from "pino";
import { sessionClaimsOf, type SessionClaims } from "./session-revocation";

// Auth.js names its session cookie with a __Secure- prefix when the site is served over
// https, and uses the cookie's name as the JWT's salt. A token is only accepted if it was
// encrypted with our secret under that exact name, so trying both names is safe.
const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

export async function readSessionToken(
  cookieHeader: string | undefined,
  secret: string,
  logger?: Logger,
): Promise<SessionClaims | null> {
  if (!cookieHeader) return null;
  const cookies = parseCookies(cookieHeader);
  for (const name of SESSION_COOKIE_NAMES) {
    const value = cookies.get(name);
    if (!value) continue;
    try {
      const payload = await decode({ token: value, secret, salt: name });
      const claims = payload ? sessionClaimsOf(payload) : null;
      if (claims) return claims;
    } catch (error) {
      logger?.debug({ err: error, cookie: name }, "session cookie did not decode");
    }
  }
  // decode() fails silently on a name/salt mismatch (see ENVIRONMENT.md): say which cookies came.
  logger?.debug({ cookieNames: [...cookies.keys()] }, "no usable session cookie in handshake");
  return null;
}

function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    const raw = part.slice(index + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      cookies.set(name, raw);
    }
  }
  return cookies;
}
