import type { Prisma } from "@/server/db/generated/prisma/client";
import { idempotencyWindowStart, type IdempotentRequest } from "./idempotent-request";

// Expired records are pruned a batch at a time by the sends that add new ones.
const PRUNE_BATCH = 100;

/**
 * Records the key with its alert, inside the transaction that creates the alert: both commit
 * or neither does. A concurrent request with the same key fails here on the primary key
 * (senderKey, key) and rolls back before anything is published; it then answers with the
 * winner's answer (sendAlert). `answer` is the answer as far as known before delivery;
 * saveIdempotentAnswer completes it.
 */
export async function recordIdempotencyKey(
  tx: Prisma.TransactionClient,
  request: IdempotentRequest,
  alertId: string,
  answer: object,
): Promise<void> {
  const windowStart = idempotencyWindowStart();
  // This key's own expired record would block the insert; others' are pruned in passing,
  // skipping rows another transaction is already deleting.
  await tx.idempotencyKey.deleteMany({ where: { senderKey: request.senderKey, key: request.key, createdAt: { lt: windowStart } } });
  await tx.$executeRaw`
    DELETE FROM "IdempotencyKeys" WHERE ("senderKey", "key") IN (
      SELECT "senderKey", "key" FROM "IdempotencyKeys" WHERE "createdAt" < ${windowStart}
      LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)`;
  await tx.idempotencyKey.create({
    data: { ...request, alertId, response: answer as Prisma.InputJsonObject },
  });
}
