import type { Services } from "@/server/services";

/** The member's chosen type ids; their Subscriptions row is created on first call. */
export async function getSubscriptionTypeIds({ db }: Pick<Services, "db">, userId: string): Promise<string[]> {
  const subscription = await db.subscription.upsert({
    where: { id: userId },
    create: { id: userId },
    update: {},
    select: { types: { select: { subscriptionTypeId: true }, orderBy: { createdAt: "asc" } } },
  });
  return subscription.types.map((selection) => selection.subscriptionTypeId);
}
