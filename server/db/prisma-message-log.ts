import type { RealtimeMessage } from "@/lib/realtime/contract";
import type { MessageLog } from "@/server/realtime/message-log";
import { channelFromColumns } from "./channel-columns";
import type { Prisma, PrismaClient } from "./generated/prisma/client";

/** Serializes appends across every connection and instance (an arbitrary, fixed key). */
const APPEND_LOCK_ID = 4_237_002;

/** The realtime layer's message log in the database (table RealtimeMessages). */
export function createPrismaMessageLog(db: PrismaClient): MessageLog {
  return {
    async append(channel, payload, publisher) {
      // A BIGSERIAL id is taken at insert but becomes visible at commit, so two concurrent
      // appends (two pool connections, or two instances) could commit 11 before 10; a client
      // that saw 11 and later asks for what came after it would never get 10. Holding the lock
      // from before the insert until the commit makes ids visible in id order.
      const [, row] = await db.$transaction([
        db.$executeRaw`SELECT pg_advisory_xact_lock(${APPEND_LOCK_ID})`,
        db.realtimeMessage.create({
          data: {
            channelName: channel.name,
            resourceId: channel.resourceId ?? "",
            payload: payload as Prisma.InputJsonValue,
            publisher: publisher ? JSON.stringify(publisher) : null,
          },
          select: { id: true, publishedAt: true },
        }),
      ]);
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
