import { inAuditedTransaction, recordAuditEvent } from "@/server/audit/record-audit-event";
import type { SessionUser } from "@/server/auth/session-user";
import type { Services } from "@/server/services";
import { ApiError } from "@/server/http/api-error";
import { subscriptionTypeViewSelect, type SubscriptionTypeView } from "./subscription-type-view";

/** Renames the type as members see it; its channel stays, so live subscriptions go on. */
export async function renameSubscriptionType({ db }: Pick<Services, "db">, actor: SessionUser, id: string, type: string): Promise<SubscriptionTypeView> {
  return inAuditedTransaction(db, async (tx) => {
    // Read first: the audit record keeps the old name too.
    const before = await tx.subscriptionType.findUnique({ where: { id }, select: { type: true } });
    if (!before) throw new ApiError("not_found", "No subscription type with that id.");
    const renamed = await tx.subscriptionType.update({ where: { id }, data: { type }, select: subscriptionTypeViewSelect });
    await recordAuditEvent(tx, {
      actor,
      action: "subscription_type.renamed",
      target: id,
      details: { from: before.type, to: renamed.type },
    });
    return renamed;
  });
}
