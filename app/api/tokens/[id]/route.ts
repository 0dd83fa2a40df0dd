import { apiRoute } from "@/server/http/api-route";
import { requireUser } from "@/server/http/require-user";
import { revokeToken } from "@/server/tokens/revoke-token";
import { getServices } from "@/server/services";

export const DELETE = apiRoute<{ id: string }>(async (_request, { params }) => {
  const actor = await requireUser(["ADMIN"]);
  await revokeToken(getServices(), actor, (await params).id);
  return new Response(null, { status: 204 });
});
