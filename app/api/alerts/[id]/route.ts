import { alertCorrectionSchema } from "@/lib/schemas/alert";
import { correctAlert } from "@/server/alerts/change-alert";
import { getAlertReport } from "@/server/alerts/get-alert-report";
import { enforceAlertLimit } from "@/server/alerts/enforce-alert-limit";
import { apiRoute } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-json";
import { requirePublisher } from "@/server/http/require-publisher";
import { getServices } from "@/server/services";

type Params = { id: string };

export const GET = apiRoute<Params>(async (request, { params }) => {
  await requirePublisher(request);
  return Response.json(await getAlertReport(getServices(), (await params).id));
});

export const PATCH = apiRoute<Params>(async (request, { params }) => {
  const actor = await requirePublisher(request);
  const input = await readJson(request, alertCorrectionSchema);
  await enforceAlertLimit(actor.senderKey);
  return Response.json(await correctAlert(getServices(), (await params).id, input, actor));
});
