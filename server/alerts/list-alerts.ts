import type { AlertView } from "@/lib/alerts/alert";
import { channelKey } from "@/lib/realtime/channel-key";
import type { ChannelRef, Subscriber } from "@/lib/realtime/contract";
import type { Services } from "@/server/services";
import { toAlertView } from "./alert-view";

// A visitor may be able to read few of the newest alerts; scan in batches, but not forever.
const BATCH_SIZE = 100;
const MAX_SCANNED = 2_000;

export type ListAlertsDeps = Pick<Services, "db" | "permissions">;

export type ListAlertsOptions = {
  limit: number;
  /** Only alerts still active (not expired, not retracted): what a newly opened page shows. */
  isActiveOnly?: boolean;
  /** Only these channels (a page's own): alerts on none of them are left out, not counted. */
  onChannels?: ChannelRef[];
  now?: Date;
};

/** The newest alerts the viewer may read, each with only the channels they may read. */
export async function listAlerts(
  { db, permissions }: ListAlertsDeps,
  viewer: Subscriber,
  { limit, isActiveOnly = false, onChannels, now = new Date() }: ListAlertsOptions,
): Promise<AlertView[]> {
  const wanted = onChannels && new Set(onChannels.map(channelKey));
  const readable = new Map<string, boolean>();
  const canRead = async (channel: ChannelRef) => {
    const key = channelKey(channel);
    let allowed = readable.get(key);
    if (allowed === undefined) {
      allowed = (await permissions.check(channel, viewer)).read;
      readable.set(key, allowed);
    }
    return allowed;
  };

  const result: AlertView[] = [];
  let cursor: string | undefined;
  for (let scanned = 0; result.length < limit && scanned < MAX_SCANNED; scanned += BATCH_SIZE) {
    const batch = await db.alert.findMany({
      ...(isActiveOnly ? { where: { expiresAt: { gt: now }, retractedAt: null } } : {}),
      orderBy: [{ sentAt: "desc" }, { id: "desc" }],
      take: BATCH_SIZE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const alert of batch) {
      const view = toAlertView(alert, now);
      const channels: ChannelRef[] = [];
      for (const channel of view.channels) {
        if (wanted && !wanted.has(channelKey(channel))) continue;
        if (await canRead(channel)) channels.push(channel);
      }
      if (channels.length === 0) continue;
      result.push({ ...view, channels });
      if (result.length === limit) break;
    }
    if (batch.length < BATCH_SIZE) break;
    cursor = batch.at(-1)?.id;
  }
  return result;
}
