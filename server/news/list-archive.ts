import type { ChannelRef } from "@/lib/realtime/contract";
import type { AlertView } from "@/server/alerts/alert-view";
import { listAlerts } from "@/server/alerts/list-alerts";
import { visitorsChannel } from "@/server/alerts/site-policy";
import { listSubscriptionTypes } from "@/server/subscriptions/list-subscription-types";
import type { Viewer } from "./viewer";

export type Archive = {
  alerts: AlertView[];
  /** Where new alerts this viewer may read can appear, to keep the list live. */
  liveChannels: ChannelRef[];
  /** Display names of the channels, for labelling each alert. */
  channelLabels: Record<string, string>;
};

export async function getArchive(viewer: Viewer, { limit }: { limit: number }): Promise<Archive> {
  const [alerts, types] = await Promise.all([listAlerts(viewer.subscriber, { limit }), listSubscriptionTypes()]);
  const typeChannels = types.map((type) => ({
    channel: type.channelResource ? { name: type.channelName, resourceId: type.channelResource } : { name: type.channelName },
    label: type.type,
  }));
  const channelLabels: Record<string, string> = { [keyOf(visitorsChannel)]: "Visitors" };
  for (const { channel, label } of typeChannels) channelLabels[keyOf(channel)] = label;
  // The same rule as the archive itself: visitors read the visitors channel, signed-in
  // readers also every alert type (the site policy lets them read all of them).
  const liveChannels = viewer.user ? [visitorsChannel, ...typeChannels.map(({ channel }) => channel)] : [visitorsChannel];
  return { alerts, liveChannels, channelLabels };
}

function keyOf(channel: ChannelRef): string {
  return channel.resourceId === undefined ? channel.name : `${channel.name}:${channel.resourceId}`;
}
