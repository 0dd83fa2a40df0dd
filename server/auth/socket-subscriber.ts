import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Logger } from "pino";
import type { Subscriber } from "@/lib/realtime/contract";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import { createCoalescingLoader } from "@/server/realtime/coalescing-loader";
import { readSessionToken } from "./session-cookie";
import { subscriberForUser } from "./session-user";

export type ResolvedSubscriber = Subscriber & { sessionId?: string };

/**
 * Who a socket is, from the same session cookie the pages use. The role comes from the
 * database, not the token, so a demoted admin is a member on their next connection.
 */
export function createSocketSubscriberResolver(deps: { db: PrismaClient; secret: string; logger?: Logger }) {
  // A storm of reconnecting members (after a restart, say) is one query per batch, not per socket.
  const findUser = createCoalescingLoader(async (ids: string[]) => {
    const users = await deps.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, role: true } });
    return new Map(users.map((user) => [user.id, user]));
  });
  return async function resolveSubscriber(handshake: { headers: IncomingHttpHeaders }): Promise<ResolvedSubscriber> {
    const token = await readSessionToken(handshake.headers.cookie, deps.secret, deps.logger);
    if (token) {
      const user = await findUser(token.userId);
      if (user) return { ...subscriberForUser(user), sessionId: token.sessionId };
    }
    return { type: "Visitor", id: `visitor-${randomUUID()}` };
  };
}
