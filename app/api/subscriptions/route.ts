import { subscriptionsInputSchema } from "@/lib/schemas/subscriptions";
import { apiRoute } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-json";
import { requireUser } from "@/server/http/require-user";
import { getSubscriptionTypeIds } from "@/server/subscriptions/get-subscription";
import { saveSubscriptions } from "@/server/subscriptions/save-subscriptions";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  const user = await requireUser();
  return Response.json({ typeIds: await getSubscriptionTypeIds(getServices(), user.id) });
});

export const PUT = apiRoute(async (request) => {
  const user = await requireUser();
  const { typeIds } = await readJson(request, subscriptionsInputSchema);
  return Response.json(await saveSubscriptions(getServices(), user.id, typeIds));
});
