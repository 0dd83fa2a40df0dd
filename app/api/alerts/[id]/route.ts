import { getAlertReport } from "@/server/alerts/get-alert-report";
import { apiRoute } from "@/server/http/api-route";
import { requireUser } from "@/server/http/require-user";

export const GET = apiRoute<{ id: string }>(async (_request, { params }) => {
  await requireUser(["ADMIN"]);
  return Response.json(await getAlertReport((await params).id));
});
