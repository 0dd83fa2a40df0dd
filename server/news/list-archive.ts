import type { ChannelRef } from "@/lib/realtime/contract";
import type { AlertView } from "@/lib/alerts/alert";
import { channelFromColumns } from "@/lib/alerts/alert";
import { channelKey } from "@/lib/realtime/channel-key";
import { listAlerts } from "@/server/alerts/list-alerts";
import { visitorsChannel } from "@/server/alerts/site-policy";
import { listSubscriptionTypes } from "@/server/subscriptions/list-subscription-types";
import type { Services } from "@/server/services";
import type { Viewer } from "./viewer";

export type Archive = {
  alerts: AlertView[];
  /** Where new alerts this viewer may read can appear, to keep the list live. */
  liveChannels: ChannelRef[];
  /** Display names of the channels, for labelling each alert. */
  channelLabels: Record<string, string>;
};

export async function getArchive(services: Pick<Services, "db" | "permissions">, viewer: Viewer, { limit }: { limit: number }): Promise<Archive> {
  const [alerts, types] = await Promise.all([listAlerts(services, viewer.subscriber, { limit }), listSubscriptionTypes(services)]);
  const typeChannels = types.map((type) => ({
    channel: channelFromColumns(type.channelName, type.channelResource),
    label: type.type,
  }));
  const channelLabels: Record<string, string> = { [channelKey(visitorsChannel)]: "Visitors" };
  for (const { channel, label } of typeChannels) channelLabels[channelKey(channel)] = label;
  // The same rule as the archive itself: visitors read the visitors channel, signed-in
  // readers also every alert type (the site policy lets them read all of them).
  const liveChannels = viewer.user ? [visitorsChannel, ...typeChannels.map(({ channel }) => channel)] : [visitorsChannel];
  return { alerts, liveChannels, channelLabels };
}
