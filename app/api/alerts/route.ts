import { alertInputSchema } from "@/lib/schemas/alert";
import { listQuerySchema } from "@/lib/schemas/list-query";
import { listAlerts } from "@/server/alerts/list-alerts";
import { sendAlert } from "@/server/alerts/send-alert";
import { subscriberForUser } from "@/server/auth/session-user";
import { apiRoute } from "@/server/http/api-route";
import { readQuery } from "@/server/http/read-query";
import { readJson } from "@/server/http/read-json";
import { currentUser, requireUser } from "@/server/http/require-user";
import { enforceLimit } from "@/server/security/enforce-limit";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request) => {
  const sender = await requireUser(["ADMIN"]);
  const input = await readJson(request, alertInputSchema);
  await enforceLimit("alertsPerAdmin", sender.id, "You are sending alerts too fast. Wait a moment and send again.");
  return Response.json(await sendAlert(input, sender), { status: 201 });
});

export const GET = apiRoute(async (request) => {
  const { limit } = readQuery(request, listQuerySchema);
  const user = await currentUser();
  const viewer = user ? subscriberForUser(user) : ({ type: "Visitor", id: "anonymous" } as const);
  return Response.json(await listAlerts(viewer, { limit }));
});
