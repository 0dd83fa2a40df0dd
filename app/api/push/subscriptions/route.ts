import { pushSubscriptionInputSchema, pushUnsubscribeInputSchema } from "@/lib/schemas/push";
import { apiRoute } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-json";
import { currentUser } from "@/server/http/require-user";
import { removePushSubscription, savePushSubscription } from "@/server/push/subscriptions";
import { clientAddressFromHeaders } from "@/server/security/client-ip";
import { enforceLimit } from "@/server/security/enforce-limit";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

/** Anyone: a visitor's device gets visitors' alerts, a signed-in reader's the types they chose. */
export const POST = apiRoute(async (request) => {
  const input = await readJson(request, pushSubscriptionInputSchema);
  await enforceLimit("pushSubscriptionsPerIp", clientAddressFromHeaders(request.headers), "Too many notification sign-ups from your network. Try again later.");
  const saved = await savePushSubscription(getServices(), input, await currentUser());
  return Response.json(saved, { status: 201 });
});

export const DELETE = apiRoute(async (request) => {
  const { endpoint } = await readJson(request, pushUnsubscribeInputSchema);
  await removePushSubscription(getServices(), endpoint);
  return new Response(null, { status: 204 });
});
