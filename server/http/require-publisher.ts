import { authenticateToken } from "@/server/tokens/authenticate-token";
import { getServices } from "@/server/services";
import { ApiError } from "./api-error";
import { requireUser } from "./require-user";

/** Who publishes: a signed-in admin, or a publishing token acting for the admin who created it. */
export type Publisher = {
  /** The admin's user id: the alert's sender, the audit record's actor. */
  id: string;
  /** What the audit log shows as the actor: the admin's email, or "token:<name>". */
  email: string;
  /** "user:<id>" or "token:<id>": whose rate limit and whose Idempotency-Keys. */
  senderKey: string;
};

/**
 * For the routes a token may use (POST /api/alerts, PATCH /api/alerts/:id,
 * POST /api/alerts/:id/retract, GET /api/alerts/:id). A request with an `Authorization`
 * header is judged by that header alone: a bad token is 401 even when a session cookie rides
 * along, never a quiet fall-back to the cookie. Without one, the session must be an admin's.
 * Tokens are read from the header only, never from the query string (which ends up in logs).
 */
export async function requirePublisher(request: Request): Promise<Publisher> {
  const authorization = request.headers.get("authorization");
  if (authorization === null) {
    const user = await requireUser(["ADMIN"]);
    return { id: user.id, email: user.email, senderKey: `user:${user.id}` };
  }
  const secret = /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
  if (!secret) throw new ApiError("unauthenticated", "Send a publishing token as `Authorization: Bearer <token>`.");
  const token = await authenticateToken(getServices(), secret);
  return { id: token.createdById, email: `token:${token.name}`, senderKey: `token:${token.tokenId}` };
}
