import { decode } from "next-auth/jwt";
import type { Logger } from "pino";
import { sessionClaimsOf, type SessionClaims } from "./session-revocation";

// Auth.js names its session cookie with a __Secure- prefix when the site is served over
// https, and uses the cookie's name as the JWT's salt. A token is only accepted if it was
// encrypted with our secret under that exact name, so trying both names is safe.
const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/** One session cookie as the browser sent it: its name is the token's salt. */
export type SessionCookie = { name: string; value: string };

/** What a session token says, and until when (the token's `exp`, epoch ms) it may say it. */
export type DecodedSessionToken = { claims: SessionClaims; expiresAtMs: number | undefined };

/** Decrypts one session token; null when it is not ours, expired, or names no user. Throws on a malformed token. */
export type SessionTokenDecoder = (cookie: SessionCookie, secret: string) => Promise<DecodedSessionToken | null>;

export const decodeSessionToken: SessionTokenDecoder = async ({ name, value }, secret) => {
  const payload = await decode({ token: value, secret, salt: name });
  const claims = payload ? sessionClaimsOf(payload) : null;
  if (!claims) return null;
  return { claims, expiresAtMs: typeof payload?.exp === "number" ? payload.exp * 1000 : undefined };
};

/** The session cookies of a Cookie header, in the order they are tried. */
export function sessionCookiesOf(cookieHeader: string | undefined): SessionCookie[] {
  if (!cookieHeader) return [];
  const cookies = parseCookies(cookieHeader);
  return SESSION_COOKIE_NAMES.flatMap((name) => {
    const value = cookies.get(name);
    return value ? [{ name, value }] : [];
  });
}

/**
 * The claims of the first session cookie of the header that decodes, or null. `decodeOne`
 * defaults to decrypting every time; the socket server passes a cached one (session-token-cache.ts).
 */
export async function readSessionToken(
  cookieHeader: string | undefined,
  secret: string,
  logger?: Logger,
  decodeOne: SessionTokenDecoder = decodeSessionToken,
): Promise<SessionClaims | null> {
  return (await readDecodedSessionToken(cookieHeader, secret, logger, decodeOne))?.claims ?? null;
}

/** `readSessionToken`, with the token's expiry: for a caller that keeps the claims instead of the cookie. */
export async function readDecodedSessionToken(
  cookieHeader: string | undefined,
  secret: string,
  logger?: Logger,
  decodeOne: SessionTokenDecoder = decodeSessionToken,
): Promise<DecodedSessionToken | null> {
  if (!cookieHeader) return null;
  for (const cookie of sessionCookiesOf(cookieHeader)) {
    try {
      const decoded = await decodeOne(cookie, secret);
      if (decoded) return decoded;
    } catch (error) {
      logger?.debug({ err: error, cookie: cookie.name }, "session cookie did not decode");
    }
  }
  // decode() fails silently on a name/salt mismatch (see ENVIRONMENT.md): say which cookies came.
  logger?.debug({ cookieNames: [...parseCookies(cookieHeader).keys()] }, "no usable session cookie in handshake");
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
