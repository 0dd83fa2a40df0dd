import { channelFromColumns, type AlertReport } from "@/lib/alerts/alert";
import { ApiError } from "@/server/http/api-error";
import type { Services } from "@/server/services";
import { toAlertView } from "./alert-view";

export async function getAlertReport({ db }: Pick<Services, "db">, alertId: string): Promise<AlertReport> {
  const alert = await db.alert.findUnique({ where: { id: alertId }, include: { deliveries: true } });
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
