import type { AlertKind } from "@/lib/alerts/alert";
import { inAuditedTransaction, toAuditRow, type AuditEventInput } from "@/server/audit/record-audit-event";
import type { Prisma } from "@/server/db/generated/prisma/client";
import type { AlertDeps } from "./alert-deps";
import { writeAlertChange, type NewAlertRecord, type SqlRunner, type WrittenAlertChange } from "./write-alert-change";
import { parseStoredChannels, toAlertMessage, type AlertRow } from "./alert-view";

export type AlertChange = { alert: AlertRow; kind: AlertKind; audit: AuditEventInput };

export type CommittedAlertChange = { alert: AlertRow; recipients: number[] };

/**
 * The paths by which an alert is sent, corrected or retracted. One statement
 * (writeAlertChange) writes the change's audit record, one log entry per channel carrying the
 * alert whole, for a send the alert and its AlertDeliveries rows, and one Web Push outbox row
 * when any device is registered. So nothing is announced that did not commit, and every
 * receipt finds its row. Only then are the messages delivered, and the push worker woken if a
 * push was queued (it sends in the background, docs/PUSH.md).
 *
 * A send reads nothing first, so that statement is all it writes: no transaction around it.
 */
export async function commitNewAlert(
  deps: AlertDeps,
  change: AlertChange & { kind: "sent"; alert: NewAlertRecord["row"] },
  idempotency?: NewAlertRecord["idempotency"],
): Promise<CommittedAlertChange> {
  const written = await writeChange(deps, deps.db, change, { row: change.alert, ...(idempotency ? { idempotency } : {}) });
  return deliverCommitted(deps, change, written);
}

/**
 * A correction or retraction: `update` reads the alert under lock and changes it, then the
 * one statement follows, all in one transaction.
 */
export async function commitAlertUpdate(
  deps: AlertDeps,
  update: (tx: Prisma.TransactionClient) => Promise<AlertChange>,
): Promise<CommittedAlertChange> {
  const { change, written } = await inAuditedTransaction(deps.db, async (tx) => {
    const change = await update(tx);
    return { change, written: await writeChange(deps, tx, change) };
  });
  return deliverCommitted(deps, change, written);
}

type Written = WrittenAlertChange & { prepared: ReturnType<AlertDeps["realtime"]["prepare"]>[] };

async function writeChange({ realtime }: AlertDeps, sql: SqlRunner, change: AlertChange, newAlert?: NewAlertRecord): Promise<Written> {
  const payload = toAlertMessage(change.alert, change.kind);
  // The alert is the server's own news: no publisher rides along (readers need no admin's id).
  const prepared = parseStoredChannels(change.alert.channels).map((channel) => realtime.prepare(channel, payload));
  const record = {
    alertId: change.alert.id,
    kind: change.kind,
    revision: change.alert.revision,
    messages: prepared,
    audit: toAuditRow(change.audit),
    ...(newAlert ? { newAlert } : {}),
  };
  return { ...(await writeAlertChange(sql, record)), prepared };
}

async function deliverCommitted({ db, realtime, push }: AlertDeps, change: AlertChange, { prepared, logged, isPushQueued }: Written): Promise<CommittedAlertChange> {
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
