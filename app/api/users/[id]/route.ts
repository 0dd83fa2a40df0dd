import { roleChangeSchema } from "@/lib/schemas/users";
import { changeRole } from "@/server/accounts/change-role";
import { apiRoute } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-json";
import { requireUser } from "@/server/http/require-user";
import { getServices } from "@/server/services";

export const PATCH = apiRoute<{ id: string }>(async (request, { params }) => {
  const actor = await requireUser(["ADMIN"]);
  const { role } = await readJson(request, roleChangeSchema);
  return Response.json(await changeRole(getServices(), actor, (await params).id, role));
});
