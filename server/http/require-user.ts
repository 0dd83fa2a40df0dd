import { headers } from "next/headers";
import type { Subscriber } from "@/lib/realtime/contract";
import { readSessionToken } from "@/server/auth/session-cookie";
import type { SessionClaims } from "@/server/auth/session-revocation";
import { subscriberForUser, type Role, type SessionUser } from "@/server/auth/session-user";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import { getEnv } from "@/server/env";
import { getServices } from "@/server/services";
import { ApiError } from "./api-error";

/**
 * The current session's user, or null for a visitor. The session cookie is decrypted here
 * rather than through Auth.js's `auth()`, whose session read costs three queries (its jwt
 * callback's revocation check reads the user and the revoked sessions, and the role is read
 * again after it): one query answers both. `auth()` without arguments never renews the
 * cookie, so nothing is lost; the token's expiry is checked by `decode` as before.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const claims = await readSessionToken((await headers()).get("cookie") ?? undefined, getEnv().AUTH_SECRET);
  return claims ? findSessionUser(getServices().db, claims) : null;
}

/**
 * The user of a session that is still open, in one query (the rules of isSessionLive in
 * server/auth/session-revocation.ts): the token's session version is the user's current one
 * and its session id was not revoked at sign-out. The database decides, on every request, so
 * a revocation or role change holds at once; the token's own role is never trusted.
 */
export async function findSessionUser(db: PrismaClient, claims: SessionClaims): Promise<SessionUser | null> {
  // A token without a session id could not be revoked at sign-out: refused.
  if (!claims.sessionId) return null;
  const rows = await db.$queryRaw<{ id: string; name: string; email: string; role: Role }[]>`
    SELECT u."id", u."name", u."email", u."role"::text AS "role"
    FROM "Users" AS u
    WHERE u."id" = ${claims.userId} AND u."sessionVersion" = ${claims.sessionVersion}
      AND NOT EXISTS (SELECT 1 FROM "RevokedSessions" AS r WHERE r."sessionId" = ${claims.sessionId} AND r."userId" = u."id")`;
  return rows[0] ?? null;
}

/** The signed-in user holding one of `roles`; 401 for visitors, 403 for others. */
export async function requireUser(roles: readonly Role[] = ["MEMBER", "ADMIN"]): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new ApiError("unauthenticated", "Sign in first.");
  if (!roles.includes(user.role)) throw new ApiError("forbidden", "You are not allowed to do that.");
  return user;
}

/** The caller as the permissions router sees them: a visitor, or the signed-in user. */
export async function currentSubscriber(): Promise<Subscriber> {
  const user = await currentUser();
  return user ? subscriberForUser(user) : { type: "Visitor", id: "anonymous" };
}
