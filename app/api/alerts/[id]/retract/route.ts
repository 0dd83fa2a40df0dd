import { alertRetractionSchema } from "@/lib/schemas/alert";
import { retractAlert } from "@/server/alerts/change-alert";
import { enforceAlertLimit } from "@/server/alerts/enforce-alert-limit";
import { apiRoute } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-json";
import { requirePublisher } from "@/server/http/require-publisher";
import { getServices } from "@/server/services";

export const POST = apiRoute<{ id: string }>(async (request, { params }) => {
  const actor = await requirePublisher(request);
  const input = await readJson(request, alertRetractionSchema, { isOptional: true });
  await enforceAlertLimit(actor.senderKey);
  return Response.json(await retractAlert(getServices(), (await params).id, input, actor));
});
