import { toActiveAlert, type ActiveAlert } from "@/lib/alerts/active-alerts";
import type { ChannelRef, MessageId } from "@/lib/realtime/contract";
import { listAlerts } from "@/server/alerts/list-alerts";
import { readLogPosition } from "@/server/db/prisma-message-log";
import type { Services } from "@/server/services";
import type { Viewer } from "./viewer";

const ACTIVE_ALERTS_READ = 20;

export type ReaderAlerts = {
  alerts: ActiveAlert[];
  /** The message log's position before the alerts were read: the page catches up from here. */
  since: MessageId;
};

/**
 * The active alerts a page opens with, for its banner: those still active on the reader's own
 * channels (what the page then listens to), newest first. A member may read every alert type
 * but sees in the banner only the types they chose, as with live alerts.
 */
export async function getReaderAlerts(
  deps: Pick<Services, "db" | "permissions">,
  viewer: Viewer,
  readerChannels: ChannelRef[],
): Promise<ReaderAlerts> {
  // Read first: whatever changes after it (a retraction while the page loads) is replayed
  // to the page once it subscribes; what changed before, the list below already shows.
  const since = await readLogPosition(deps.db);
  if (readerChannels.length === 0) return { alerts: [], since };
  const alerts = await listAlerts(deps, viewer.subscriber, { limit: ACTIVE_ALERTS_READ, isActiveOnly: true, onChannels: readerChannels });
  return { alerts: alerts.map(toActiveAlert), since };
}
