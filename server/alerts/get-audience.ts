import { channelFromColumns } from "@/lib/alerts/alert";
import type { ChannelRef } from "@/lib/realtime/contract";
import type { Services } from "@/server/services";
import { listSubscriptionTypes } from "@/server/subscriptions/list-subscription-types";
import { visitorsChannel } from "./site-policy";

export type Audience = { channels: { channel: ChannelRef; listeners: number }[]; total: number };

/**
 * Who is listening now on each channel the site offers (Visitors and every alert type), over
 * every instance. `total` counts sockets listening on any of them, each once.
 */
export async function getAudience(deps: Pick<Services, "db" | "realtime">): Promise<Audience> {
  const types = await listSubscriptionTypes(deps);
  const channels = [visitorsChannel, ...types.map((type) => channelFromColumns(type.channelName, type.channelResource))];
  const { perChannel, anyOf } = await deps.realtime.countSubscribers(channels);
  return { channels: channels.map((channel, index) => ({ channel, listeners: perChannel[index] ?? 0 })), total: anyOf };
}
