import type { Logger } from "pino";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import type { Delivery } from "@/server/realtime/types";

const FLUSH_EVERY_MS = 250;
// An ack can beat sendAlert's writing of the AlertDeliveries row; counts for a message with
// no row yet are kept and retried for this long (then it was no alert's message).
const KEEP_UNMATCHED_MS = 60_000;

export type ReceiptCounter = {
  record: (delivery: Delivery) => void;
  flush: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * Counts client acknowledgements of alert messages into AlertDeliveries.delivered. Acks are
 * summed in memory and written in one statement per message every FLUSH_EVERY_MS, so the
 * delivery path never waits on the database.
 */
export function createReceiptCounter(db: PrismaClient, logger?: Logger): ReceiptCounter {
  const pending = new Map<string, { count: number; firstSeen: number }>();
  let flushing: Promise<void> | undefined;

  const flushOnce = async () => {
    const batch = [...pending.entries()];
    pending.clear();
    for (const [messageId, { count, firstSeen }] of batch) {
      try {
        const updated = await db.alertDelivery.updateMany({
          where: { messageId: BigInt(messageId) },
          data: { delivered: { increment: count } },
        });
        if (updated.count === 0 && Date.now() - firstSeen < KEEP_UNMATCHED_MS) keep(messageId, count, firstSeen);
      } catch (error) {
        logger?.warn({ err: error, messageId }, "could not record delivery receipts; will retry");
        keep(messageId, count, firstSeen);
      }
    }
  };

  const keep = (messageId: string, count: number, firstSeen: number) => {
    const entry = pending.get(messageId);
    if (entry) entry.count += count;
    else pending.set(messageId, { count, firstSeen });
  };

  const flush = () => {
    flushing ??= flushOnce().finally(() => (flushing = undefined));
    return flushing;
  };

  const timer = setInterval(() => {
    if (pending.size > 0) void flush();
  }, FLUSH_EVERY_MS);
  timer.unref();

  return {
    record: ({ messageId }) => keep(messageId, 1, Date.now()),
    flush,
    async close() {
      clearInterval(timer);
      await flushing;
      await flushOnce();
    },
  };
}
