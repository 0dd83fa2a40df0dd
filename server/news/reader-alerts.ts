import { toActiveAlert, type ActiveAlert } from "@/lib/alerts/active-alerts";
import { channelKey } from "@/lib/realtime/channel-key";
import type { ChannelRef } from "@/lib/realtime/contract";
import { listAlerts } from "@/server/alerts/list-alerts";
import type { Services } from "@/server/services";
import type { Viewer } from "./viewer";

const ACTIVE_ALERTS_READ = 20;

/**
 * The active alerts a page opens with, for its banner: those still active on the reader's own
 * channels (what the page then listens to), newest first. A member may read every alert type
 * but sees in the banner only the types they chose, as with live alerts.
 */
export async function getReaderAlerts(
  deps: Pick<Services, "db" | "permissions">,
  viewer: Viewer,
  readerChannels: ChannelRef[],
): Promise<ActiveAlert[]> {
  if (readerChannels.length === 0) return [];
  const keys = new Set(readerChannels.map(channelKey));
  const alerts = await listAlerts(deps, viewer.subscriber, { limit: ACTIVE_ALERTS_READ, isActiveOnly: true });
  return alerts.filter((alert) => alert.channels.some((channel) => keys.has(channelKey(channel)))).map(toActiveAlert);
}
