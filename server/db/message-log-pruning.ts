import { silentLogger, type DbLogger } from "./db-logger";
import type { PrismaClient } from "./generated/prisma/client";

const BATCH_SIZE = 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

/**
 * Deletes the RealtimeMessages published before `before`, in batches of `batchSize` rows (each
 * its own short statement), and returns how many went. On each channel it keeps the newest of
 * them: a replay from before it then still meets a message too old to send, and says the gap
 * is not filled (`complete: false`) instead of passing over the deleted messages unseen.
 *
 * Cheap: the candidates come off the publishedAt index, oldest first, and whether the next
 * message on a candidate's channel is old too is one probe of the (channel, resource, id)
 * index. Publish times rise with ids (ids become visible in order, prisma-message-log.ts).
 */
export async function pruneMessageLog(db: PrismaClient, options: { before: Date; batchSize?: number }): Promise<number> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  // The column is a timestamp without time zone holding UTC, as Prisma writes it; an ISO string
  // cast to that type keeps its UTC wall time whatever the session's time zone.
  const before = options.before.toISOString();
  let deleted = 0;
  for (;;) {
    const count = await db.$executeRaw`
      DELETE FROM "RealtimeMessages" WHERE "id" IN (
        SELECT old."id" FROM "RealtimeMessages" old
        WHERE old."publishedAt" < ${before}::timestamp(3)
          AND (
            SELECT next."publishedAt" FROM "RealtimeMessages" next
            WHERE next."channelName" = old."channelName" AND next."resourceId" = old."resourceId" AND next."id" > old."id"
            ORDER BY next."id" LIMIT 1
          ) < ${before}::timestamp(3)
        ORDER BY old."publishedAt"
        LIMIT ${batchSize}
      )`;
    deleted += count;
    if (count < batchSize) return deleted;
  }
}

export type MessageLogPruning = { stop: () => Promise<void> };

/**
 * Prunes the log of what is older than the replay window, now and every 10 minutes. A run that
 * fails is logged and tried again next time; one still running when the next is due is not doubled.
 */
export function startMessageLogPruning(db: PrismaClient, options: { windowMs: number; logger?: DbLogger }): MessageLogPruning {
  const logger = options.logger ?? silentLogger;
  let running: Promise<void> | undefined;
  const prune = () => {
    running ??= pruneMessageLog(db, { before: new Date(Date.now() - options.windowMs) })
      .then(
        (deleted) => (deleted > 0 ? logger.info({ deleted }, "message log pruned") : logger.debug({ deleted }, "message log pruned")),
        (error: unknown) => logger.warn({ err: error }, "message log pruning failed; will try again"),
      )
      .finally(() => (running = undefined));
  };
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
