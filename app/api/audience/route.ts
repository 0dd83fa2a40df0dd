import { getAudience } from "@/server/alerts/get-audience";
import { apiRoute } from "@/server/http/api-route";
import { requireUser } from "@/server/http/require-user";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  await requireUser(["ADMIN"]);
  return Response.json(await getAudience(getServices()));
});
