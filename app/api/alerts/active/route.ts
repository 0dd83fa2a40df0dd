import { listAlerts } from "@/server/alerts/list-alerts";
import { apiRoute } from "@/server/http/api-route";
import { currentSubscriber } from "@/server/http/require-user";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

/** Active alerts (not expired, not retracted) the caller may read, newest first. */
export const GET = apiRoute(async () => {
  const alerts = await listAlerts(getServices(), await currentSubscriber(), { limit: ACTIVE_ALERTS_SHOWN, isActiveOnly: true });
  return Response.json(alerts);
});

const ACTIVE_ALERTS_SHOWN = 50;
