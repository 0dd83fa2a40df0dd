import { NextRequest } from "next/server";
import { ApiError, rateLimited } from "@/server/http/api-error";
import { MAX_JSON_BODY_BYTES, readCappedText } from "@/server/http/read-json";
import { getServices } from "@/server/services";
import { clientAddressFromHeaders } from "./client-ip";
import { hashedKey, type LimitDecision } from "./rate-limits";

type Handler = (request: NextRequest) => Promise<Response>;

const CREDENTIALS_CALLBACK = "/api/auth/callback/credentials";
const RATE_LIMITED_MESSAGE = "Too many sign-in attempts. Wait a few minutes and try again.";

/**
 * Wraps Auth.js's POST handler: bodies are capped like every other body, and a credentials
 * sign-in is refused with 429 before Auth.js runs when its address or its account has spent
 * its attempts. Failures are counted per account (keyed by the normalised email, whether or
 * not an account has it, so a refusal says nothing about which emails exist) and per account
 * and address; a success clears that address's failures for the account.
 */
export function guardSignIn(handler: Handler): Handler {
  return async (request) => {
    let body: string;
    try {
      body = await readCappedText(request, MAX_JSON_BODY_BYTES);
    } catch (error) {
      if (error instanceof ApiError) return error.toResponse();
      throw error;
    }
    const forwarded = new NextRequest(request.url, { method: request.method, headers: request.headers, body });
    if (new URL(request.url).pathname !== CREDENTIALS_CALLBACK) return handler(forwarded);

    const { rateLimits } = getServices();
    const address = clientAddressFromHeaders(request.headers);
    const account = hashedKey(normaliseEmail(new URLSearchParams(body).get("email")));
    const accountAtAddress = hashedKey(account, address);

    const refusal = firstRefusal([
      await rateLimits.signInPerIp.consume(address),
      await rateLimits.signInFailuresPerAccount.check(account),
      await rateLimits.signInFailuresPerAccountIp.check(accountAtAddress),
    ]);
    if (refusal) return rateLimitedResponse(request, refusal.retryAfterSeconds);

    const response = await handler(forwarded);
    if (startsSession(response)) {
      await rateLimits.signInFailuresPerAccountIp.reset(accountAtAddress);
    } else {
      await rateLimits.signInFailuresPerAccount.consume(account);
      await rateLimits.signInFailuresPerAccountIp.consume(accountAtAddress);
    }
    return response;
  };
}

/** Auth.js's credentials provider trims nothing itself; our `authorize` trims and lowercases. */
function normaliseEmail(email: string | null): string {
  return (email ?? "").trim().toLowerCase();
}

function firstRefusal(decisions: LimitDecision[]): { retryAfterSeconds: number } | undefined {
  for (const decision of decisions) if (!decision.isAllowed) return decision;
  return undefined;
}

/** A sign-in succeeded exactly when Auth.js set a non-empty session cookie. */
function startsSession(response: Response): boolean {
  return response.headers.getSetCookie().some((cookie) => /^(__Secure-)?authjs\.session-token=[^;]/.test(cookie));
}

/**
 * The contract's 429, plus the `url` that Auth.js's browser `signIn()` reads its outcome from,
 * so the sign-in form can say why (`error=rate_limited`) instead of failing on a missing field.
 */
function rateLimitedResponse(request: Request, retryAfterSeconds: number): Response {
  const error = rateLimited(retryAfterSeconds, RATE_LIMITED_MESSAGE);
  const url = new URL("/login?error=rate_limited", request.url).href;
  return Response.json({ ...error.toBody(), url }, { status: error.status, headers: error.headers() });
}
