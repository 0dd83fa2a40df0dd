import { ApiError } from "@/server/http/api-error";
import type { Services } from "@/server/services";
import { hashTokenSecret, isTokenSecretShaped } from "./token-secret";

/** Who a token request acts as: the admin who created the token, shown as the token. */
export type TokenSender = {
  tokenId: string;
  name: string;
  /** The creating admin's id: the alert's sender and the audit record's actor id. */
  createdById: string;
};

// lastUsedAt is for people ("used 3 minutes ago"): one write a minute per token is plenty.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The live token whose secret this is. Unknown, revoked or malformed: 401. A token acts for
 * the admin who created it, and only while that account is an admin (a demoted admin's
 * tokens stop working with their session's rights): 403.
 */
export async function authenticateToken({ db, logger }: Pick<Services, "db" | "logger">, secret: string): Promise<TokenSender> {
  // Found by the hash of what was sent, through a unique index: nothing is compared byte by
  // byte against a stored secret, so response times tell an attacker nothing (token-secret.ts).
  const token = isTokenSecretShaped(secret)
    ? await db.apiToken.findUnique({
        where: { secretHash: hashTokenSecret(secret) },
        select: { id: true, name: true, lastUsedAt: true, createdBy: { select: { id: true, role: true } } },
      })
    : null;
  if (!token) throw new ApiError("unauthenticated", "Unknown or revoked token.");
  if (token.createdBy.role !== "ADMIN") {
    throw new ApiError("forbidden", "The admin who created this token is no longer an admin; create a new token.");
  }

  const now = new Date();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!token.lastUsedAt || token.lastUsedAt < staleBefore) {
    // Conditional, so concurrent requests of one token write once; a failure costs only the timestamp.
    await db.apiToken
      .updateMany({ where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] }, data: { lastUsedAt: now } })
      .catch((error: unknown) => logger.warn({ err: error, tokenId: token.id }, "could not record a token's last use"));
  }
  return { tokenId: token.id, name: token.name, createdById: token.createdBy.id };
}
