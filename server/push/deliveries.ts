import type { AlertKind } from "@/lib/alerts/alert";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import type { PushableAlert } from "./push-message";
import type { PushTarget } from "./send";

export type ClaimedDelivery = {
  id: bigint;
  /** Including this one. */
  attempts: number;
  subscriptionId: string;
  target: PushTarget;
  change: { kind: AlertKind; revision: number };
  alert: PushableAlert;
};

type ClaimedRow = PushableAlert & {
  deliveryId: bigint;
  attempts: number;
  subscriptionId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  kind: AlertKind;
  changeRevision: number;
};

/**
 * Claims up to `limit` deliveries that are due, by moving their `availableAt` to the end of a
 * lease: for that long no other worker (on this instance or another) takes them; a worker that
 * crashed mid-send leaves them to be taken again when the lease ends (so a push is sent at least
 * once, and normally once). SKIP LOCKED lets two instances claim side by side without waiting.
 */
export async function claimDeliveries(db: PrismaClient, { now, leaseMs, limit }: { now: Date; leaseMs: number; limit: number }): Promise<ClaimedDelivery[]> {
  const leaseEnd = new Date(now.getTime() + leaseMs);
  const rows = await db.$queryRaw<ClaimedRow[]>`
    WITH claimed AS (
      UPDATE "PushDeliveries" SET "availableAt" = ${leaseEnd}, "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "PushDeliveries"
        WHERE "availableAt" <= ${now}
        ORDER BY "availableAt", "id"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "outboxId", "subscriptionId", "attempts")
    SELECT c."id" AS "deliveryId", c."attempts", c."subscriptionId",
           s."endpoint", s."p256dh", s."auth",
           o."kind", o."revision" AS "changeRevision",
           a."id", a."text", a."color", a."sentAt", a."expiresAt", a."retractedAt", a."revision"
    FROM claimed c
    JOIN "PushSubscriptions" s ON s."id" = c."subscriptionId"
    JOIN "PushOutbox" o ON o."id" = c."outboxId"
    JOIN "Alerts" a ON a."id" = o."alertId"`;
  return rows.map((row) => ({
    id: row.deliveryId,
    attempts: row.attempts,
    subscriptionId: row.subscriptionId,
    target: { endpoint: row.endpoint, p256dh: row.p256dh, auth: row.auth },
    change: { kind: row.kind, revision: row.changeRevision },
    alert: { id: row.id, text: row.text, color: row.color, sentAt: row.sentAt, expiresAt: row.expiresAt, retractedAt: row.retractedAt, revision: row.revision },
  }));
}

/** What became of a batch of claimed deliveries, written back in three statements. */
export type Settlement = {
  /** Done with: sent, skipped, or given up on. */
  finished: bigint[];
  /** Devices the push service says are gone (404/410) or that became unsafe: removed with their deliveries. */
  removedSubscriptions: string[];
  /** To try again at `at`. */
  retries: { id: bigint; at: Date; error: string }[];
};

export async function settleDeliveries(db: PrismaClient, { finished, removedSubscriptions, retries }: Settlement): Promise<void> {
  if (finished.length > 0) await db.$executeRaw`DELETE FROM "PushDeliveries" WHERE "id" = ANY(${finished}::bigint[])`;
  if (removedSubscriptions.length > 0) await db.$executeRaw`DELETE FROM "PushSubscriptions" WHERE "id" = ANY(${removedSubscriptions}::text[])`;
  if (retries.length > 0) {
    await db.$executeRaw`
      UPDATE "PushDeliveries" AS d SET "availableAt" = v.at, "lastError" = v.error
      FROM unnest(${retries.map((retry) => retry.id)}::bigint[], ${retries.map((retry) => retry.at)}::timestamp(3)[], ${retries.map((retry) => retry.error.slice(0, 500))}::text[]) AS v(id, at, error)
      WHERE d."id" = v.id`;
  }
}
