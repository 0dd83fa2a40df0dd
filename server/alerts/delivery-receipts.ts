import type { Logger } from "pino";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import type { Delivery } from "@/server/realtime/types";

const FLUSH_EVERY_MS = 250;

export type ReceiptCounter = {
  record: (delivery: Delivery) => void;
  flush: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * Counts client acknowledgements of alert messages into AlertDeliveries.delivered. Acks are
 * summed in memory and written in one statement per message every FLUSH_EVERY_MS, so the
 * delivery path never waits on the database. The row always exists before its message can be
 * acknowledged (write-alert-change.ts writes both in one statement); an ack of a message with
 * no row (a correction, any other publish) matches nothing and is dropped.
 */
export function createReceiptCounter(db: PrismaClient, logger?: Logger): ReceiptCounter {
  const pending = new Map<string, number>();
  let flushing: Promise<void> | undefined;

  const flushOnce = async () => {
    const batch = [...pending.entries()];
    pending.clear();
    for (const [messageId, count] of batch) {
      try {
        await db.alertDelivery.updateMany({ where: { messageId: BigInt(messageId) }, data: { delivered: { increment: count } } });
      } catch (error) {
        logger?.warn({ err: error, messageId }, "could not record delivery receipts; will retry");
        keep(messageId, count);
      }
    }
  };

  const keep = (messageId: string, count: number) => pending.set(messageId, (pending.get(messageId) ?? 0) + count);

  const flush = () => {
    flushing ??= flushOnce().finally(() => (flushing = undefined));
    return flushing;
  };

  const timer = setInterval(() => {
    if (pending.size > 0) void flush();
  }, FLUSH_EVERY_MS);
  timer.unref();

  return {
    record: ({ messageId }) => keep(messageId, 1),
    flush,
    async close() {
      clearInterval(timer);
      await flushing;
      await flushOnce();
    },
  };
}
