import type { Services } from "@/server/services";
import { subscriptionTypeViewSelect, type SubscriptionTypeView } from "./subscription-type-view";

export async function listSubscriptionTypes({ db }: Pick<Services, "db">): Promise<SubscriptionTypeView[]> {
  return db.subscriptionType.findMany({
    select: subscriptionTypeViewSelect,
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
}
