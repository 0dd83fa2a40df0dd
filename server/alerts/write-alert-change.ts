import type { AlertKind } from "@/lib/alerts/alert";
import { channelKey } from "@/lib/realtime/channel-key";
import type { AuditRow } from "@/server/audit/record-audit-event";
import { APPEND_LOCK_ID } from "@/server/db/prisma-message-log";
import { Prisma } from "@/server/db/generated/prisma/client";
import type { IdempotentRequest } from "@/server/idempotency/idempotent-request";
import type { LoggedMessage, PreparedMessage } from "@/server/realtime/publish";
import type { AlertRow } from "./alert-view";

/** A sent alert's row, written by the same statement as everything it announces. */
export type NewAlertRecord = {
  row: AlertRow & { senderId: string | null };
  /** The sender's Idempotency-Key with the answer as far as known before delivery (saveIdempotentAnswer completes it). */
  idempotency?: { request: IdempotentRequest; answer: object };
};

export type AlertChangeRecord = {
  alertId: string;
  kind: AlertKind;
  revision: number;
  /** The change's messages, one per channel of the alert (channels are unique). */
  messages: PreparedMessage[];
  audit: AuditRow;
  /** A send's alert; a correction or retraction has changed its row already, in the caller's transaction. */
  newAlert?: NewAlertRecord;
};

export type WrittenAlertChange = { logged: LoggedMessage[]; isPushQueued: boolean };

/** The database, or the transaction of a correction: the statement is the same either way. */
export type SqlRunner = Pick<Prisma.TransactionClient, "$queryRaw">;

type LoggedRow = { id: bigint; channelName: string; resourceId: string; isPushQueued: boolean };

/**
 * Writes, in ONE statement, an alert change and all it announces: for a send the alert itself
 * (and its Idempotency-Key), the audit record, a message-log entry per channel, the Web Push
 * outbox row (server/push/enqueue.ts: one row whatever the number of devices) and, for a
 * send, an AlertDeliveries row per channel tied to its message. PostgreSQL runs a statement as
 * a transaction of its own, so a send needs no BEGIN/COMMIT: one round trip in all, where each
 * round trip on the embedded database is a turn of its single connection. A correction or
 * retraction runs it inside the transaction that locked and changed the alert's row.
 *
 * Foreign keys into the new alert hold: PostgreSQL checks them when the statement ends, after
 * every part of it has run. A second send with the same Idempotency-Key fails the whole
 * statement on the key's primary key, so nothing of it stays.
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
export async function writeAlertChange(sql: SqlRunner, change: AlertChangeRecord): Promise<WrittenAlertChange> {
  const { alertId, kind, revision, messages, audit, newAlert } = change;
  // Prisma writes its own timestamps rather than the columns' defaults (TIMESTAMP without zone,
  // in UTC): so do we, rather than depend on the session's time zone.
  const publishedAt = new Date();
  const parts = [
    ...(newAlert ? newAlertParts(newAlert, publishedAt) : []),
    Prisma.sql`audit AS (
      INSERT INTO "AuditEvents" ("id", "at", "actorId", "actorEmail", "action", "target", "details", "requestId")
      VALUES (${audit.id}, ${audit.at}, ${audit.actorId}, ${audit.actorEmail}, ${audit.action}, ${audit.target},
              ${JSON.stringify(audit.details)}::jsonb, ${audit.requestId})
    )`,
    Prisma.sql`appends_locked AS (SELECT pg_advisory_xact_lock(${APPEND_LOCK_ID}::bigint) AS locked)`,
    Prisma.sql`logged AS (
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
    )`,
    Prisma.sql`outbox AS (
      INSERT INTO "PushOutbox" ("alertId", "kind", "revision", "channels", "createdAt")
      SELECT ${alertId}, ${kind}, ${revision}, ${JSON.stringify(messages.map((message) => message.channel))}::jsonb, ${publishedAt}
      WHERE EXISTS (SELECT 1 FROM "PushSubscriptions")
      RETURNING 1
    )`,
    Prisma.sql`deliveries AS (
      INSERT INTO "AlertDeliveries" ("alertId", "channelName", "channelResource", "messageId")
      SELECT ${alertId}, l."channelName", l."resourceId", l."id" FROM logged AS l WHERE ${kind === "sent"}
    )`,
  ];
  const rows = await sql.$queryRaw<LoggedRow[]>`
    WITH ${Prisma.join(parts, ",\n")}
    SELECT "id", "channelName", "resourceId", EXISTS (SELECT 1 FROM outbox) AS "isPushQueued" FROM logged`;
  const idByChannel = new Map(rows.map((row) => [channelKey({ name: row.channelName, ...(row.resourceId ? { resourceId: row.resourceId } : {}) }), row.id]));
  const logged = messages.map((message) => {
    const id = idByChannel.get(channelKey(message.channel));
    if (id === undefined) throw new Error(`no log entry came back for channel ${channelKey(message.channel)}`);
    return { id: id.toString(), publishedAt };
  });
  return { logged, isPushQueued: rows.some((row) => row.isPushQueued) };
}

function newAlertParts({ row, idempotency }: NewAlertRecord, createdAt: Date): Prisma.Sql[] {
  const alert = Prisma.sql`new_alert AS (
    INSERT INTO "Alerts" ("id", "text", "color", "channels", "senderId", "sentAt", "expiresAt", "revision")
    VALUES (${row.id}, ${row.text}, ${row.color}, ${JSON.stringify(row.channels)}::jsonb, ${row.senderId}, ${row.sentAt}, ${row.expiresAt}, ${row.revision})
  )`;
  if (!idempotency) return [alert];
  const { request, answer } = idempotency;
  return [
    alert,
    Prisma.sql`idempotency_key AS (
      INSERT INTO "IdempotencyKeys" ("senderKey", "key", "requestHash", "alertId", "response", "createdAt")
      VALUES (${request.senderKey}, ${request.key}, ${request.requestHash}, ${row.id}, ${JSON.stringify(answer)}::jsonb, ${createdAt})
    )`,
  ];
}
