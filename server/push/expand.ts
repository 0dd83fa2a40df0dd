import type { AlertKind } from "@/lib/alerts/alert";
import { sameChannel } from "@/lib/realtime/channel-key";
import { parseStoredChannels } from "@/server/alerts/alert-view";
import { visitorsChannel } from "@/server/alerts/site-policy";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import { isWorthPushing, type PushableAlert } from "./push-message";

type PendingRow = PushableAlert & { outboxId: bigint; kind: AlertKind; changeRevision: number; channels: unknown };

/**
 * Expands the oldest pending outbox row into one PushDeliveries row per device that should get
 * it, in one transaction of its own (so a crash leaves the row pending, and the next attempt
 * starts over). `FOR UPDATE ... SKIP LOCKED`: another instance expanding at the same moment
 * takes the next row instead. Returns false when nothing was pending.
 *
 * Who gets an alert is decided now, from the devices' owners as they are now (their role, the
 * types they chose): a visitor's device (no owner) the `visitors` channel, a member's device
 * the types that member chose, an admin's device both. One delivery per device, however many
 * of the alert's channels it matches.
 */
export async function expandNextPush(db: PrismaClient, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<PendingRow[]>`
      SELECT o."id" AS "outboxId", o."kind", o."revision" AS "changeRevision", o."channels",
             a."id", a."text", a."color", a."sentAt", a."expiresAt", a."retractedAt", a."revision"
      FROM "PushOutbox" o JOIN "Alerts" a ON a."id" = o."alertId"
      WHERE o."expandedAt" IS NULL
      ORDER BY o."id"
      LIMIT 1
      FOR UPDATE OF o SKIP LOCKED`;
    if (!row) return false;
    let devices = 0;
    if (isWorthPushing({ kind: row.kind, revision: row.changeRevision }, row, now)) {
      const channels = parseStoredChannels(row.channels);
      const hasVisitors = channels.some((channel) => sameChannel(channel, visitorsChannel));
      const typeChannels = channels.filter((channel) => !sameChannel(channel, visitorsChannel));
      const names = typeChannels.map((channel) => channel.name);
      const resources = typeChannels.map((channel) => channel.resourceId ?? "");
      devices = await tx.$executeRaw`
        INSERT INTO "PushDeliveries" ("outboxId", "subscriptionId", "availableAt")
        SELECT ${row.outboxId}, s."id", ${now}
        FROM "PushSubscriptions" s LEFT JOIN "Users" u ON u."id" = s."userId"
        WHERE (${hasVisitors} AND (s."userId" IS NULL OR u."role" = 'ADMIN'))
           OR EXISTS (
             SELECT 1
             FROM "SubscriptionSelections" sel
             JOIN "SubscriptionTypes" t ON t."id" = sel."subscriptionTypeId"
             JOIN unnest(${names}::text[], ${resources}::text[]) AS c(name, resource)
               ON c.name = t."channelName" AND c.resource = t."channelResource"
             WHERE sel."subscriptionId" = s."userId")
        ON CONFLICT ("outboxId", "subscriptionId") DO NOTHING`;
    }
    await tx.pushOutbox.update({ where: { id: row.outboxId }, data: { expandedAt: now, devices } });
    return true;
  }, EXPANSION_TRANSACTION);
}

/**
 * Prisma gives up starting a transaction after 2 s without a pool connection; a busy moment
 * (a start-up, a burst of requests) is no reason for a background job to fail a round.
 */
const EXPANSION_TRANSACTION = { maxWait: 10_000, timeout: 30_000 } as const;

/** Outbox rows whose every delivery is done, kept a while for inspection, then removed. */
export async function removeFinishedPushes(db: PrismaClient, olderThan: Date): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "PushOutbox" o
    WHERE o."expandedAt" < ${olderThan}
      AND NOT EXISTS (SELECT 1 FROM "PushDeliveries" d WHERE d."outboxId" = o."id")`;
}
