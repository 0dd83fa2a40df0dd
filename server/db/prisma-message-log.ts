import { channelFromColumns } from "@/lib/alerts/alert";
import type { ChannelRef, MessageId, RealtimeMessage, Subscriber } from "@/lib/realtime/contract";
import type { MessageLog } from "@/server/realtime/message-log";
import type { Prisma, PrismaClient } from "./generated/prisma/client";

/** Serializes appends across every connection and instance (an arbitrary, fixed key); alert changes take it too (server/alerts/write-alert-change.ts). */
export const APPEND_LOCK_ID = 4_237_002;

const LOGGED = { id: true, publishedAt: true } as const;

// A BIGSERIAL id is taken at insert but becomes visible at commit, so two concurrent appends
// (two pool connections, or two instances) could commit 11 before 10; a client that saw 11
// and later asks for what came after it would never get 10. Holding this lock from before the
// insert until the commit makes ids visible in id order.
function lockAppends(db: PrismaClient | Prisma.TransactionClient) {
  return db.$executeRaw`SELECT pg_advisory_xact_lock(${APPEND_LOCK_ID})`;
}

function toRow(channel: ChannelRef, payload: unknown, publisher: Subscriber | undefined) {
  return {
    channelName: channel.name,
    resourceId: channel.resourceId ?? "",
    payload: payload as Prisma.InputJsonValue,
    publisher: publisher ? JSON.stringify(publisher) : null,
  };
}

/**
 * The newest message id on any channel ("0" for none). Ids become visible in order, so a
 * page rendered from data read after this reflects every message up to it; its client
 * catches up from here (SubscribeOptions.since in lib/realtime/client.ts).
 */
export async function readLogPosition(db: PrismaClient): Promise<MessageId> {
  const newest = await db.realtimeMessage.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return newest ? newest.id.toString() : "0";
}

/** The realtime layer's message log in the database (table RealtimeMessages). */
export function createPrismaMessageLog(db: PrismaClient): MessageLog {
  return {
    async append(channel, payload, publisher) {
      const [, row] = await db.$transaction([lockAppends(db), db.realtimeMessage.create({ data: toRow(channel, payload, publisher), select: LOGGED })]);
      return { id: row.id.toString(), publishedAt: row.publishedAt };
    },

    async latestId(channel) {
      const newest = await db.realtimeMessage.findFirst({
        where: { channelName: channel.name, resourceId: channel.resourceId ?? "" },
        orderBy: { id: "desc" },
        select: { id: true },
      });
      return newest ? newest.id.toString() : "0";
    },

    async readAfter(channel, afterId, { limit, notBefore }) {
      // One read of at most limit + 1 rows, newest first, along the (channel, resource, id) index;
      // the row past the limit only says that there was more. Never a count: `since: "0"` would
      // read a channel's whole history. A gap left by pruning shows as the row pruning keeps
      // before it, which is too old (message-log-pruning.ts).
      const newestFirst = await db.realtimeMessage.findMany({
        where: { channelName: channel.name, resourceId: channel.resourceId ?? "", id: { gt: BigInt(afterId) } },
        orderBy: { id: "desc" },
        take: limit + 1,
      });
      const kept = newestFirst.slice(0, limit).filter((row) => row.publishedAt >= notBefore);
      const messages: RealtimeMessage[] = kept.reverse().map((row) => ({
        id: row.id.toString(),
        channel: channelFromColumns(row.channelName, row.resourceId),
        payload: row.payload,
        publishedAt: row.publishedAt.toISOString(),
        ...(row.publisher ? { publisher: JSON.parse(row.publisher) as RealtimeMessage["publisher"] } : {}),
      }));
      return { messages, complete: messages.length === newestFirst.length };
    },
  };
}
