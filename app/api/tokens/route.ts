import { tokenCreateSchema } from "@/lib/schemas/tokens";
import { apiRoute } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-json";
import { requireUser } from "@/server/http/require-user";
import { createToken } from "@/server/tokens/create-token";
import { listTokens } from "@/server/tokens/list-tokens";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

// Session only (requireUser never reads Authorization): a token can't mint or list tokens.

export const GET = apiRoute(async () => {
  await requireUser(["ADMIN"]);
  return Response.json(await listTokens(getServices()));
});

export const POST = apiRoute(async (request) => {
  const actor = await requireUser(["ADMIN"]);
  const input = await readJson(request, tokenCreateSchema);
  // The secret is in this answer: no cache along the way may keep it.
  return Response.json(await createToken(getServices(), actor, input), { status: 201, headers: { "cache-control": "no-store" } });
});
