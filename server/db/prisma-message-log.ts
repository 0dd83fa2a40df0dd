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
      const where = { channelName: channel.name, resourceId: channel.resourceId ?? "", id: { gt: BigInt(afterId) } };
      const [newestFirst, missed] = await Promise.all([
        limit > 0
          ? db.realtimeMessage.findMany({ where: { ...where, publishedAt: { gte: notBefore } }, orderBy: { id: "desc" }, take: limit })
          : Promise.resolve([]),
        db.realtimeMessage.count({ where }),
      ]);
      const messages: RealtimeMessage[] = newestFirst.reverse().map((row) => ({
        id: row.id.toString(),
        channel: channelFromColumns(row.channelName, row.resourceId),
        payload: row.payload,
        publishedAt: row.publishedAt.toISOString(),
        ...(row.publisher ? { publisher: JSON.parse(row.publisher) as RealtimeMessage["publisher"] } : {}),
      }));
      return { messages, complete: messages.length === missed };
    },
  };
}
