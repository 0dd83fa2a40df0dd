import { auditQuerySchema } from "@/lib/schemas/audit";
import { listAuditEvents } from "@/server/audit/list-audit-events";
import { apiRoute } from "@/server/http/api-route";
import { readQuery } from "@/server/http/read-query";
import { requireUser } from "@/server/http/require-user";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request) => {
  await requireUser(["ADMIN"]);
  const query = readQuery(request, auditQuerySchema);
  return Response.json(await listAuditEvents(getServices(), query));
});
