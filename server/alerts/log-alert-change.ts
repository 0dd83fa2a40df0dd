import type { AlertKind } from "@/lib/alerts/alert";
import { channelKey } from "@/lib/realtime/channel-key";
import { APPEND_LOCK_ID } from "@/server/db/prisma-message-log";
import type { Prisma } from "@/server/db/generated/prisma/client";
import type { LoggedMessage, PreparedMessage } from "@/server/realtime/publish";

export type AlertChangeRecord = {
  alertId: string;
  kind: AlertKind;
  revision: number;
  /** The change's messages, one per channel of the alert (channels are unique). */
  messages: PreparedMessage[];
};

export type LoggedAlertChange = { logged: LoggedMessage[]; isPushQueued: boolean };

type LoggedRow = { id: bigint; channelName: string; resourceId: string; isPushQueued: boolean };

/**
 * Writes, in ONE statement of the caller's transaction, what an alert change announces: a
 * message-log entry per channel, the Web Push outbox row (server/push/enqueue.ts: one row
 * whatever the number of devices) and, for a send, an AlertDeliveries row per channel tied to
 * its message. One round trip instead of four (the append lock, the log, the outbox, the
 * deliveries): on the embedded database every round trip is a turn of its single connection.
 *
 * The outbox row is written only when some device is registered for Web Push at all: a site
 * without any (most of the time, on most sites) then never wakes the push worker, whose
 * expansion would cost two more transactions on the same connection for nothing. A device
 * gets the changes committed after it was registered; one registered while this statement runs
 * is, like one registered just after, in time for the next.
 *
 * The append lock is taken in the statement before any id is drawn, as
 * prisma-message-log.ts's appends do (ids become visible in id order): the insert reads its
 * rows through the lock's result, so the lock is held before the first row is produced.
 * Returns the logged messages in the order of `messages`, and whether a push was queued.
 */
export async function logAlertChange(tx: Prisma.TransactionClient, change: AlertChangeRecord): Promise<LoggedAlertChange> {
  const { alertId, kind, revision, messages } = change;
  // Prisma writes its own timestamps rather than the columns' defaults (TIMESTAMP without zone,
  // in UTC): so do we, rather than depend on the session's time zone.
  const publishedAt = new Date();
  const rows = await tx.$queryRaw<LoggedRow[]>`
    WITH appends_locked AS (SELECT pg_advisory_xact_lock(${APPEND_LOCK_ID}::bigint) AS locked),
    logged AS (
      INSERT INTO "RealtimeMessages" ("channelName", "resourceId", "payload", "publisher", "publishedAt")
      SELECT m.channel_name, m.resource_id, m.payload::jsonb, m.publisher, ${publishedAt}
      FROM appends_locked,
        unnest(${messages.map((message) => message.channel.name)}::text[],
               ${messages.map((message) => message.channel.resourceId ?? "")}::text[],
               ${messages.map((message) => JSON.stringify(message.payload))}::text[],
               ${messages.map((message) => (message.loggedPublisher ? JSON.stringify(message.loggedPublisher) : null))}::text[])
          WITH ORDINALITY AS m(channel_name, resource_id, payload, publisher, position)
      ORDER BY m.position
      RETURNING "id", "channelName", "resourceId"
    ),
    outbox AS (
      INSERT INTO "PushOutbox" ("alertId", "kind", "revision", "channels", "createdAt")
      SELECT ${alertId}, ${kind}, ${revision}, ${JSON.stringify(messages.map((message) => message.channel))}::jsonb, ${publishedAt}
      WHERE EXISTS (SELECT 1 FROM "PushSubscriptions")
      RETURNING 1
    ),
    deliveries AS (
      INSERT INTO "AlertDeliveries" ("alertId", "channelName", "channelResource", "messageId")
      SELECT ${alertId}, l."channelName", l."resourceId", l."id" FROM logged AS l WHERE ${kind === "sent"}
    )
    SELECT "id", "channelName", "resourceId", EXISTS (SELECT 1 FROM outbox) AS "isPushQueued" FROM logged`;
  const idByChannel = new Map(rows.map((row) => [channelKey({ name: row.channelName, ...(row.resourceId ? { resourceId: row.resourceId } : {}) }), row.id]));
  const logged = messages.map((message) => {
    const id = idByChannel.get(channelKey(message.channel));
    if (id === undefined) throw new Error(`no log entry came back for channel ${channelKey(message.channel)}`);
    return { id: id.toString(), publishedAt };
  });
  return { logged, isPushQueued: rows.some((row) => row.isPushQueued) };
}
