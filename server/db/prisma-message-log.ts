import type { RealtimeMessage } from "@/lib/realtime/contract";
import type { MessageLog } from "@/server/realtime/message-log";
import { channelFromColumns } from "./channel-columns";
import type { Prisma, PrismaClient } from "./generated/prisma/client";

/** The realtime layer's message log in the database (table RealtimeMessages). */
export function createPrismaMessageLog(db: PrismaClient): MessageLog {
  return {
    async append(channel, payload, publisher) {
      const row = await db.realtimeMessage.create({
        data: {
          channelName: channel.name,
          resourceId: channel.resourceId ?? "",
          payload: payload as Prisma.InputJsonValue,
          publisher: publisher ? JSON.stringify(publisher) : null,
        },
        select: { id: true, publishedAt: true },
      });
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
