import { channelFromColumns } from "@/lib/alerts/alert";
import type { ChannelRef } from "@/lib/realtime/contract";
import type { SessionUser } from "@/server/auth/session-user";
import type { Services } from "@/server/services";
import { visitorsChannel } from "./site-policy";

/**
 * The channels a page should subscribe to for its reader: the tutorial's rule, visitors get
 * the visitors channel, signed-in members (and admins) the types they chose, and not visitors.
 */
export async function getReaderChannels({ db }: Pick<Services, "db">, user: SessionUser | null): Promise<ChannelRef[]> {
  if (!user) return [visitorsChannel];
  const subscription = await db.subscription.findUnique({
    where: { id: user.id },
    select: { types: { select: { subscriptionType: { select: { channelName: true, channelResource: true } } } } },
  });
  return (subscription?.types ?? []).map(({ subscriptionType }) =>
    channelFromColumns(subscriptionType.channelName, subscriptionType.channelResource),
  );
}
