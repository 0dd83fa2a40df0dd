import { signupInputSchema } from "@/lib/schemas/account";
import { signUp } from "@/server/accounts/sign-up";
import { apiRoute } from "@/server/http/api-route";
import { readJson } from "@/server/http/read-json";
import { clientAddressFromHeaders } from "@/server/security/client-ip";
import { enforceLimit } from "@/server/security/enforce-limit";
import { getServices } from "@/server/services";

export const POST = apiRoute(async (request) => {
  const input = await readJson(request, signupInputSchema);
  // Counted once the input is valid: each of these costs a password hash (and may be spam).
  await enforceLimit("signUpPerIp", clientAddressFromHeaders(request.headers), "Too many sign-ups from your network. Try again later.");
  const user = await signUp(getServices(), input);
  return Response.json({ user }, { status: 201 });
});
