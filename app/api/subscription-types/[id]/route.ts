import { subscriptionTypeRenameSchema } from "@/lib/schemas/subscriptions";
import { apiRoute } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-json";
import { requireUser } from "@/server/http/require-user";
import { removeSubscriptionType } from "@/server/subscriptions/remove-subscription-type";
import { renameSubscriptionType } from "@/server/subscriptions/rename-subscription-type";
import { getServices } from "@/server/services";

type Params = { id: string };

export const PATCH = apiRoute<Params>(async (request, { params }) => {
  const actor = await requireUser(["ADMIN"]);
  const { type } = await readJson(request, subscriptionTypeRenameSchema);
  return Response.json(await renameSubscriptionType(getServices(), actor, (await params).id, type));
});

export const DELETE = apiRoute<Params>(async (_request, { params }) => {
  const actor = await requireUser(["ADMIN"]);
  await removeSubscriptionType(getServices(), actor, (await params).id);
  return new Response(null, { status: 204 });
});
