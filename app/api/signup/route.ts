import { signupInputSchema } from "@/lib/schemas/account";
import { signUp } from "@/server/accounts/sign-up";
import { apiRoute } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-json";

export const POST = apiRoute(async (request) => {
  const input = await readJson(request, signupInputSchema);
  const user = await signUp(input);
  return Response.json({ user }, { status: 201 });
});
