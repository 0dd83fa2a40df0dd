import { LRUCache } from "lru-cache";
import { decodeSessionToken, type DecodedSessionToken, type SessionCookie, type SessionTokenDecoder } from "./session-cookie";

export type SessionTokenCacheOptions = {
  /** The decoder whose answers are kept; default Auth.js's decryption. */
  decode?: SessionTokenDecoder;
  /** Default 10,000 tokens. */
  max?: number;
  /** How long an answer is kept at most; default 10 s. */
  ttlMs?: number;
  /** Epoch milliseconds; tests move it. */
  now?: () => number;
};

/**
 * Decrypting a session cookie (HKDF, then AES-GCM, on libuv's thread pool) was the largest
 * single cost of a connecting member's socket, and a reconnect storm brings the same cookie
 * many times at once: every tab of a member, every retry. This remembers what a cookie value
 * decrypted to for a few seconds, and shares one decryption among the sockets that bring the
 * same value while it runs.
 *
 * Only the token's own claims are kept (who, which session, which session version): whether
 * that session is still open, and the user's role, are read from the database for every socket
 * (socket-subscriber.ts), so a sign-out or a role change is refused at once even while the
 * cookie is cached. An answer is never kept past the token's `exp`, and a cookie that did not
 * decode is not remembered (a later try decrypts again). Keyed by cookie name and value: the
 * name is the token's salt, and the secret is fixed for the cache's life.
 */
export function createSessionTokenCache(options: SessionTokenCacheOptions = {}): SessionTokenDecoder {
  const decode = options.decode ?? decodeSessionToken;
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 10_000;
  const cache = new LRUCache<string, DecodedSessionToken>({ max: options.max ?? 10_000, ttl: ttlMs, ttlResolution: 0, perf: { now } });
  const inFlight = new Map<string, Promise<DecodedSessionToken | null>>();

  const decodeAndKeep = async (key: string, cookie: SessionCookie, secret: string) => {
    try {
      const decoded = await decode(cookie, secret);
      // A token without an expiry is not ours to judge: don't keep it.
      const ttl = decoded?.expiresAtMs === undefined ? 0 : Math.min(ttlMs, decoded.expiresAtMs - now());
      if (decoded && ttl > 0) cache.set(key, decoded, { ttl });
      return decoded;
    } finally {
      inFlight.delete(key);
    }
  };

  return (cookie, secret) => {
    const key = `${cookie.name}\u0000${cookie.value}`;
    const cached = cache.get(key);
    // lru-cache's clock has a millisecond's resolution; the expiry is checked exactly here.
    if (cached?.expiresAtMs !== undefined && cached.expiresAtMs > now()) return Promise.resolve(cached);
    let decoding = inFlight.get(key);
    if (!decoding) {
      decoding = decodeAndKeep(key, cookie, secret);
      inFlight.set(key, decoding);
    }
    return decoding;
  };
}
