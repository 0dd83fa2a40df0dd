import { listQuerySchema } from "@/lib/schemas/list-query";
import { listUsers } from "@/server/accounts/list-users";
import { apiRoute } from "@/server/http/api-route";
import { readQuery } from "@/server/http/read-query";
import { requireUser } from "@/server/http/require-user";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request) => {
  await requireUser(["ADMIN"]);
  const { limit } = readQuery(request, listQuerySchema);
  return Response.json(await listUsers(getServices(), { limit }));
});
