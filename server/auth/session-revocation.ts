import type { Prisma, PrismaClient } from "@/server/db/generated/prisma/client";

/**
 * Sessions are JWTs (Auth.js), so ending one takes a record on the server (issue 14, finding 2):
 * - signing out stores the token's session id (`sid`) in RevokedSessions;
 * - a role change raises the user's `sessionVersion`, which every token copies (`sv`) at sign-in.
 * A token is honoured only while neither happened. Every check reads the database, shared by
 * all instances, so a revocation holds at once everywhere; the HTTP check already read the user
 * for its role, the socket check batches its reads (server/auth/socket-subscriber.ts).
 */

/** How long a session token lives unused (Auth.js `session.maxAge`; each use renews it). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** What a session token says about its session. */
export type SessionClaims = { userId: string; sessionId: string | undefined; sessionVersion: number };

/** What the database says, for the sessions being checked (`sessionStateFor`). */
export type SessionState = { sessionVersion: number; revokedSessions: { sessionId: string }[] };

/** The claims of a decoded token (Auth.js's JWT payload), or null when it names no user. */
export function sessionClaimsOf(payload: { sub?: unknown; sid?: unknown; sv?: unknown }): SessionClaims | null {
  if (typeof payload.sub !== "string" || !payload.sub) return null;
  return {
    userId: payload.sub,
    sessionId: typeof payload.sid === "string" ? payload.sid : undefined,
    // Tokens from before session versions existed count as version 0, the column's default.
    sessionVersion: typeof payload.sv === "number" ? payload.sv : 0,
  };
}

/** The Prisma `select` that reads a user's `SessionState` for these session ids. */
export function sessionStateFor(sessionIds: string[]) {
  return {
    sessionVersion: true,
    revokedSessions: { where: { sessionId: { in: sessionIds } }, select: { sessionId: true } },
  } satisfies Prisma.UserSelect;
}

/** A token without a session id could not be revoked at sign-out, so it is refused too. */
export function isSessionLive(state: SessionState, claims: SessionClaims): boolean {
  const { sessionId } = claims;
  if (!sessionId || state.sessionVersion !== claims.sessionVersion) return false;
  return !state.revokedSessions.some((revoked) => revoked.sessionId === sessionId);
}

/** Whether the session named by these claims is still open (one query). */
export async function isSessionOpen(db: PrismaClient, claims: SessionClaims): Promise<boolean> {
  if (!claims.sessionId) return false;
  const state = await db.user.findUnique({ where: { id: claims.userId }, select: sessionStateFor([claims.sessionId]) });
  return state !== null && isSessionLive(state, claims);
}

/**
 * Ends one session (sign-out). A revoked token is never renewed again, so it expires at most
 * SESSION_MAX_AGE_SECONDS after its revocation: older records (plus a day's margin for a
 * renewal in flight) match nothing and are pruned here.
 */
export async function revokeSession(db: PrismaClient, claims: { userId: string; sessionId: string }): Promise<void> {
  const expired = new Date(Date.now() - (SESSION_MAX_AGE_SECONDS + 24 * 60 * 60) * 1000);
  await db.$transaction([
    db.revokedSession.createMany({ data: [{ sessionId: claims.sessionId, userId: claims.userId }], skipDuplicates: true }),
    db.revokedSession.deleteMany({ where: { revokedAt: { lt: expired } } }),
  ]);
}

/** Ends every session of a user (role change), inside the caller's transaction. */
export async function revokeUserSessions(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
