import type { ChannelRef } from "@/lib/realtime/contract";
import { channelFromColumns } from "@/server/db/channel-columns";
import { ApiError } from "@/server/http/api-error";
import { getServices } from "@/server/services";
import { toAlertView, type AlertView } from "./alert-view";

export type AlertReport = {
  alert: AlertView;
  deliveries: { channel: ChannelRef; recipients: number; delivered: number }[];
};

export async function getAlertReport(alertId: string): Promise<AlertReport> {
  const alert = await getServices().db.alert.findUnique({ where: { id: alertId }, include: { deliveries: true } });
  if (!alert) throw new ApiError("not_found", "No alert with that id.");
  return {
    alert: toAlertView(alert),
    deliveries: alert.deliveries.map((delivery) => ({
      channel: channelFromColumns(delivery.channelName, delivery.channelResource),
      recipients: delivery.recipients,
      delivered: delivery.delivered,
    })),
  };
}
