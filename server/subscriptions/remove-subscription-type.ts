import { inAuditedTransaction, recordAuditEvent } from "@/server/audit/record-audit-event";
import type { SessionUser } from "@/server/auth/session-user";
import type { Services } from "@/server/services";
import { ApiError } from "@/server/http/api-error";
import { isNotFound } from "@/server/db/prisma-errors";

/** Removes the type; the cascade removes it from every member's saved choice too. */
export async function removeSubscriptionType({ db }: Pick<Services, "db">, actor: SessionUser, id: string): Promise<void> {
  try {
    await inAuditedTransaction(db, async (tx) => {
      const removed = await tx.subscriptionType.delete({ where: { id }, select: { type: true, channelName: true, channelResource: true } });
      await recordAuditEvent(tx, {
        actor,
        action: "subscription_type.removed",
        target: id,
        // The row is gone: the record keeps what it was.
        details: { type: removed.type, channel: `${removed.channelName}:${removed.channelResource}` },
      });
    });
  } catch (error) {
    if (isNotFound(error)) throw new ApiError("not_found", "No subscription type with that id.");
    throw error;
  }
}
