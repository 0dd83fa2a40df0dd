import { NextRequest } from "next/server";
import { ApiError, rateLimited } from "@/server/http/api-error";
import { MAX_JSON_BODY_BYTES, readCappedText } from "@/server/http/read-json";
import { getServices } from "@/server/services";
import { clientAddressFromHeaders } from "./client-ip";
import { hashedKey, type LimitDecision } from "./rate-limits";

type Handler = (request: NextRequest) => Promise<Response>;

const CREDENTIALS_CALLBACK = "/api/auth/callback/credentials";
const RATE_LIMITED_MESSAGE = "Too many sign-in attempts. Wait a few minutes and try again.";
/** Fields Auth.js's credentials sign-in reads; each may come once. */
const SINGLE_FIELDS = ["email", "password", "csrfToken", "callbackUrl"] as const;

/**
 * Wraps Auth.js's POST handler: bodies are capped like every other body, and a credentials
 * sign-in is refused with 429 before Auth.js runs when its address or its account has spent
 * its attempts.
 *
 * - The email is read from the body exactly as Auth.js reads it (`readCredentialsBody`), and a
 *   form that repeats a field is refused (400): the limits can't be keyed on one email while
 *   Auth.js checks another.
 * - Points are spent before the password is verified (each store's consume is atomic), so
 *   concurrent attempts can't all pass a check made before any of them was counted; a
 *   success gives its point back.
 * - Failures count per account (keyed by the normalised email, whether or not an account has
 *   it, so a refusal says nothing about which emails exist) and per account and address,
 *   except from a browser holding a device cookie for that account (device-cookie.ts): its
 *   failures count against that cookie alone, so strangers can't lock the owner out.
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

    let email: string;
    try {
      email = readCredentialsBody(request.headers.get("content-type"), body).email;
    } catch (error) {
      if (error instanceof ApiError) return error.toResponse();
      throw error;
    }

    const { rateLimits, deviceCookies } = getServices();
    const address = clientAddressFromHeaders(request.headers);
    const account = hashedKey(normaliseEmail(email));
    const accountAtAddress = hashedKey(account, address);

    const perAddress = await rateLimits.signInPerIp.consume(address);
    if (!perAddress.isAllowed) return rateLimitedResponse(request, perAddress.retryAfterSeconds);

    // A browser that signed in to this account before spends its own allowance; once that is
    // spent it is a stranger like any other (OWASP: the device cookie goes on the lockout list).
    const device = deviceCookies.read((name) => request.cookies.get(name)?.value, account);
    const deviceKey = device ? hashedKey(account, device) : undefined;
    const isTrusted = deviceKey ? (await rateLimits.signInFailuresPerDevice.consume(deviceKey)).isAllowed : false;
    if (!isTrusted) {
      const refusal = firstRefusal(
        await Promise.all([rateLimits.signInFailuresPerAccount.consume(account), rateLimits.signInFailuresPerAccountIp.consume(accountAtAddress)]),
      );
      if (refusal) return rateLimitedResponse(request, refusal.retryAfterSeconds);
    }

    const response = await handler(forwarded);
    const session = sessionCookieOf(response);
    if (!session) return response; // a failure: the points spent above stay spent
    if (isTrusted && deviceKey) {
      await rateLimits.signInFailuresPerDevice.reset(deviceKey);
    } else {
      await Promise.all([rateLimits.signInFailuresPerAccount.refund(account), rateLimits.signInFailuresPerAccountIp.reset(accountAtAddress)]);
    }
    const answer = new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
    answer.headers.append("set-cookie", deviceCookies.issue(account, { isSecure: session.isSecure }));
    return answer;
  };
}

/**
 * The credentials as Auth.js will see them (@auth/core lib/utils/web.js `getBody`: JSON when
 * the content type mentions it, else a form, whose repeated fields `Object.fromEntries` would
 * resolve to the last). A repeated field, or an email that is not a string, is refused here.
 */
export function readCredentialsBody(contentType: string | null, body: string): { email: string } {
  let fields: Record<string, unknown> = {};
  if (contentType?.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === "object") fields = parsed as Record<string, unknown>;
    } catch {
      throw new ApiError("invalid_input", "The request body must be JSON.", { fields: { body: "Not valid JSON" } });
    }
  } else if (contentType?.includes("application/x-www-form-urlencoded")) {
    const params = new URLSearchParams(body);
    const repeated = SINGLE_FIELDS.filter((name) => params.getAll(name).length > 1);
    if (repeated.length > 0) {
      throw new ApiError("invalid_input", "Send each sign-in field once.", {
        fields: Object.fromEntries(repeated.map((name) => [name, "Given more than once"])),
      });
    }
    fields = Object.fromEntries(params);
  }
  const email = fields.email ?? "";
  if (typeof email !== "string") throw new ApiError("invalid_input", "Some fields are invalid.", { fields: { email: "Must be a string" } });
  return { email };
}

/** Auth.js's credentials provider trims nothing itself; our `authorize` trims and lowercases. */
function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function firstRefusal(decisions: LimitDecision[]): { retryAfterSeconds: number } | undefined {
  for (const decision of decisions) if (!decision.isAllowed) return decision;
  return undefined;
}

/** A sign-in succeeded exactly when Auth.js set a non-empty session cookie. */
function sessionCookieOf(response: Response): { isSecure: boolean } | undefined {
  const cookie = response.headers.getSetCookie().find((setCookie) => /^(__Secure-)?authjs\.session-token=[^;]/.test(setCookie));
  return cookie ? { isSecure: cookie.startsWith("__Secure-") } : undefined;
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
