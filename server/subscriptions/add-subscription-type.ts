import { membersChannelName } from "@/server/alerts/site-policy";
import { inAuditedTransaction, recordAuditEvent } from "@/server/audit/record-audit-event";
import type { SessionUser } from "@/server/auth/session-user";
import type { Services } from "@/server/services";
import { ApiError } from "@/server/http/api-error";
import { isUniqueViolation } from "@/server/db/prisma-errors";
import { subscriptionTypeViewSelect, type SubscriptionTypeView } from "./subscription-type-view";

/** A new alert type: a new resource of the members channel, offered to every member. */
export async function addSubscriptionType(
  { db }: Pick<Services, "db">,
  actor: SessionUser,
  input: { type: string; resourceId?: string },
): Promise<SubscriptionTypeView> {
  const channelResource = input.resourceId ?? resourceIdFromName(input.type);
  try {
    return await inAuditedTransaction(db, async (tx) => {
      const last = await tx.subscriptionType.findFirst({ orderBy: { position: "desc" }, select: { position: true } });
      const created = await tx.subscriptionType.create({
        data: { type: input.type, channelName: membersChannelName, channelResource, position: (last?.position ?? 0) + 1 },
        select: subscriptionTypeViewSelect,
      });
      await recordAuditEvent(tx, {
        actor,
        action: "subscription_type.added",
        target: created.id,
        details: { type: created.type, channel: `${created.channelName}:${created.channelResource}` },
      });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError("conflict", "A type with that channel resource exists already.", {
        fields: { type: "A type with this name exists already." },
      });
    }
    throw error;
  }
}

/** "Local news!" -> "local-news"; names with no usable characters get a random id. */
export function resourceIdFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || `type-${crypto.randomUUID().slice(0, 8)}`;
}
