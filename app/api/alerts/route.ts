import { alertInputSchema } from "@/lib/schemas/alert";
import { listQuerySchema } from "@/lib/schemas/list-query";
import { listAlerts } from "@/server/alerts/list-alerts";
import { sendAlert } from "@/server/alerts/send-alert";
import { enforceAlertLimit } from "@/server/alerts/enforce-alert-limit";
import { apiRoute } from "@/server/http/api-route";
import { readIdempotencyKey } from "@/server/http/read-idempotency-key";
import { readQuery } from "@/server/http/read-query";
import { readJson } from "@/server/http/read-json";
import { requirePublisher } from "@/server/http/require-publisher";
import { currentSubscriber } from "@/server/http/require-user";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request) => {
  const sender = await requirePublisher(request);
  const key = readIdempotencyKey(request);
  const input = await readJson(request, alertInputSchema);
  await enforceAlertLimit(sender.senderKey);
  const idempotency = key === undefined ? undefined : { senderKey: sender.senderKey, key };
  return Response.json(await sendAlert(getServices(), input, sender, { idempotency }), { status: 201 });
});

export const GET = apiRoute(async (request) => {
  const { limit } = readQuery(request, listQuerySchema);
  return Response.json(await listAlerts(getServices(), await currentSubscriber(), { limit }));
});
