import type { NextRequest } from "next/server";
import { getEnv } from "@/server/env";
import { ApiError } from "@/server/http/api-error";
import { getServices } from "@/server/services";
import { readSessionToken } from "./session-cookie";
import { revokeSession } from "./session-revocation";

type Handler = (request: NextRequest) => Promise<Response>;

const SIGN_OUT = "/api/auth/signout";

/**
 * Wraps Auth.js's POST handler so that signing out ends the session on the server, not only in
 * this browser: once Auth.js has accepted the sign-out (its CSRF check passed and it clears the
 * cookie), the session id is revoked in the database, so a copy of the cookie opens nothing,
 * on any instance; then that session's open sockets, on every instance, become visitors.
 * If the revocation can't be stored, the sign-out is answered 503 and the cookie is kept, so
 * the user tries again rather than believe a session ended that did not.
 */
export function revokeOnSignOut(handler: Handler): Handler {
  return async (request) => {
    if (new URL(request.url).pathname !== SIGN_OUT) return handler(request);
    const { db, realtime, logger } = getServices();
    const claims = await readSessionToken(request.headers.get("cookie") ?? undefined, getEnv().AUTH_SECRET);
    const response = await handler(request);
    if (!claims?.sessionId || !clearsSession(response)) return response;
    const session = { userId: claims.userId, sessionId: claims.sessionId };
    try {
      await revokeSession(db, session);
    } catch (error) {
      logger.error({ err: error }, "sign-out: the session could not be revoked");
      return new ApiError("unavailable", "Signing out failed. Try again in a moment.").toResponse();
    }
    try {
      await realtime.reidentify({ sessionId: session.sessionId }, { asVisitor: true });
    } catch (error) {
      // The session is revoked: new sockets and requests are refused; only open sockets lag.
      logger.error({ err: error }, "sign-out: open sockets could not be re-identified");
    }
    return response;
  };
}

/** Auth.js signed out exactly when it cleared the session cookie. */
function clearsSession(response: Response): boolean {
  return response.headers.getSetCookie().some((cookie) => /^(__Secure-)?authjs\.session-token=;/.test(cookie));
}
