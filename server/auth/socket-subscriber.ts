import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Logger } from "pino";
import type { Subscriber } from "@/lib/realtime/contract";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import { createCoalescingLoader } from "@/server/realtime/coalescing-loader";
import { readDecodedSessionToken, type DecodedSessionToken, type SessionTokenDecoder } from "./session-cookie";
import { isSessionLive, sessionStateFor } from "./session-revocation";
import { createSessionTokenCache } from "./session-token-cache";
import { subscriberForUser } from "./session-user";

export type ResolvedSubscriber = Subscriber & { sessionId?: string };

/**
 * Who a socket is, from the same session cookie the pages use. The role comes from the
 * database, not the token, so a demoted admin is a member on their next connection; a session
 * that was signed out or revoked (session-revocation.ts) is a visitor. The cookie's decryption is
 * cached for a few seconds (`decodeToken`, default session-token-cache.ts); the session and role
 * are read for every socket, and again each time the socket is re-identified.
 *
 * The socket server drops the handshake's Cookie header once the socket has connected
 * (realtime-server.ts, `forgetCookies`), so a re-identification reads what the cookie decoded to,
 * kept here per handshake: what decoding the same cookie again would give, with the token's
 * expiry checked again too.
 */
export function createSocketSubscriberResolver(deps: {
  db: PrismaClient;
  secret: string;
  logger?: Logger;
  decodeToken?: SessionTokenDecoder;
  /** Epoch milliseconds; tests move it past a token's expiry. */
  now?: () => number;
}) {
  const decodeToken = deps.decodeToken ?? createSessionTokenCache();
  const now = deps.now ?? Date.now;
  // Per handshake (one per socket, kept by Socket.IO as long as the socket): null when no session cookie decoded.
  const tokenOf = new WeakMap<object, DecodedSessionToken | null>();
  // A storm of reconnecting members (after a restart, say) is one query per batch, not per
  // socket. Keyed by user and session, as the session's revocation is read with the user.
  const findSession = createCoalescingLoader(async (keys: string[]) => {
    const pairs = keys.map((key) => key.split(KEY_SEPARATOR) as [string, string]);
    const users = await deps.db.user.findMany({
      where: { id: { in: [...new Set(pairs.map(([userId]) => userId))] } },
      select: { id: true, role: true, ...sessionStateFor(pairs.map(([, sessionId]) => sessionId)) },
    });
    const byId = new Map(users.map((user) => [user.id, user]));
    return new Map(pairs.flatMap(([userId, sessionId]) => {
      const user = byId.get(userId);
      return user ? [[`${userId}${KEY_SEPARATOR}${sessionId}`, user] as const] : [];
    }));
  });
  return async function resolveSubscriber(handshake: { headers: IncomingHttpHeaders }): Promise<ResolvedSubscriber> {
    let token = tokenOf.get(handshake);
    if (token === undefined) {
      token = await readDecodedSessionToken(handshake.headers.cookie, deps.secret, deps.logger, decodeToken);
      tokenOf.set(handshake, token);
    }
    const isExpired = token?.expiresAtMs !== undefined && token.expiresAtMs <= now();
    const claims = isExpired ? null : token?.claims;
    if (claims?.sessionId) {
      const user = await findSession(`${claims.userId}${KEY_SEPARATOR}${claims.sessionId}`);
      if (user && isSessionLive(user, claims)) return { ...subscriberForUser(user), sessionId: claims.sessionId };
    }
    return { type: "Visitor", id: `visitor-${randomUUID()}` };
  };
}

const KEY_SEPARATOR = "\u0000";
