import type { AlertKind } from "@/lib/alerts/alert";
import { recordAuditEvent, inAuditedTransaction, type AuditEventInput } from "@/server/audit/record-audit-event";
import type { Prisma } from "@/server/db/generated/prisma/client";
import type { AlertDeps } from "./alert-deps";
import { logAlertChange } from "./log-alert-change";
import { parseStoredChannels, toAlertMessage, type AlertRow } from "./alert-view";

export type AlertChange = { alert: AlertRow; kind: AlertKind; audit: AuditEventInput };

export type CommittedAlertChange = { alert: AlertRow; recipients: number[] };

/**
 * The one path by which an alert is sent, corrected or retracted. In one transaction: the
 * change itself (`write`), its audit record, and in one more statement (logAlertChange) one
 * log entry per channel carrying the alert whole, for a send its AlertDeliveries rows, and one
 * Web Push outbox row when any device is registered. So nothing is announced that did not
 * commit, and every receipt finds its row. Only then are the messages delivered, and the push
 * worker woken if a push was queued (it sends in the background, docs/PUSH.md).
 */
export async function commitAlertChange(
  { db, realtime, push }: AlertDeps,
  write: (tx: Prisma.TransactionClient) => Promise<AlertChange>,
): Promise<CommittedAlertChange> {
  const committed = await inAuditedTransaction(db, async (tx) => {
    const change = await write(tx);
    await recordAuditEvent(tx, change.audit);
    const payload = toAlertMessage(change.alert, change.kind);
    // The alert is the server's own news: no publisher rides along (readers need no admin's id).
    const prepared = parseStoredChannels(change.alert.channels).map((channel) => realtime.prepare(channel, payload));
    const { logged, isPushQueued } = await logAlertChange(tx, { alertId: change.alert.id, kind: change.kind, revision: change.alert.revision, messages: prepared });
    return { change, prepared, logged, isPushQueued };
  });

  const { change, prepared, logged, isPushQueued } = committed;
  if (isPushQueued) push?.nudge();
  const recipients = await Promise.all(prepared.map(async (message, index) => (await realtime.deliver(message, logged[index]!)).recipients));
  if (change.kind === "sent") await recordRecipients(db, logged.map((message) => BigInt(message.id)), recipients);
  return { alert: change.alert, recipients };
}

/** One statement for every channel of the alert; none when no socket got it (the rows say 0 already). */
async function recordRecipients(db: AlertDeps["db"], messageIds: bigint[], recipients: number[]): Promise<void> {
  if (recipients.every((count) => count === 0)) return;
  await db.$executeRaw`
    UPDATE "AlertDeliveries" AS d SET "recipients" = v.recipients
    FROM unnest(${messageIds}::bigint[], ${recipients}::int[]) AS v(message_id, recipients)
    WHERE d."messageId" = v.message_id`;
}
