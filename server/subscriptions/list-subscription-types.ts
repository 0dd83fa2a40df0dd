import { getServices } from "@/server/services";
import { subscriptionTypeViewSelect, type SubscriptionTypeView } from "./subscription-type-view";

export async function listSubscriptionTypes(): Promise<SubscriptionTypeView[]> {
  return getServices().db.subscriptionType.findMany({
    select: subscriptionTypeViewSelect,
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
}
