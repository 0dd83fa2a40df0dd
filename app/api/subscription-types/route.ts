import { subscriptionTypeCreateSchema } from "@/lib/schemas/subscriptions";
import { apiRoute } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-json";
import { requireUser } from "@/server/http/require-user";
import { addSubscriptionType } from "@/server/subscriptions/add-subscription-type";
import { listSubscriptionTypes } from "@/server/subscriptions/list-subscription-types";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => Response.json(await listSubscriptionTypes(getServices())));

export const POST = apiRoute(async (request) => {
  const actor = await requireUser(["ADMIN"]);
  const input = await readJson(request, subscriptionTypeCreateSchema);
  return Response.json(await addSubscriptionType(getServices(), actor, input), { status: 201 });
});
