import type { PrismaClient } from "@/server/db/generated/prisma/client";
import { idempotencyWindowStart, type IdempotentRequest } from "./idempotent-request";

// Expired records are pruned a batch at a time by the sends that add new ones.
const PRUNE_BATCH = 100;

/**
 * Before a send with an Idempotency-Key: this key's own expired record would block the new
 * one (writeAlertChange inserts it with the alert, in one statement), so it goes; others'
 * expired records are pruned in passing, a batch at a time, skipping rows another send is
 * already deleting. A concurrent request with the same key then fails on the primary key
 * (senderKey, key) and answers with the winner's answer (sendAlert).
 */
export async function clearExpiredIdempotencyKeys(db: PrismaClient, request: IdempotentRequest): Promise<void> {
  const windowStart = idempotencyWindowStart();
  await db.$executeRaw`
    DELETE FROM "IdempotencyKeys" WHERE "createdAt" < ${windowStart} AND (
      ("senderKey", "key") = (${request.senderKey}, ${request.key})
      OR ("senderKey", "key") IN (
        SELECT "senderKey", "key" FROM "IdempotencyKeys" WHERE "createdAt" < ${windowStart}
        LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED))`;
}
