import { ApiError } from "@/server/http/api-error";
import { isNotFound } from "@/server/db/prisma-errors";
import { getServices } from "@/server/services";
import { subscriptionTypeViewSelect, type SubscriptionTypeView } from "./subscription-type-view";

/** Renames the type as members see it; its channel stays, so live subscriptions go on. */
export async function renameSubscriptionType(id: string, type: string): Promise<SubscriptionTypeView> {
  try {
    return await getServices().db.subscriptionType.update({ where: { id }, data: { type }, select: subscriptionTypeViewSelect });
  } catch (error) {
    if (isNotFound(error)) throw new ApiError("not_found", "No subscription type with that id.");
    throw error;
  }
}
