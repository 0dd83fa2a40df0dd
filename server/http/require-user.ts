import { auth } from "@/server/auth";
import type { Subscriber } from "@/lib/realtime/contract";
import { subscriberForUser, type Role, type SessionUser } from "@/server/auth/session-user";
import { getServices } from "@/server/services";
import { ApiError } from "./api-error";

/** The current session's user, or null for a visitor. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  // The token may be older than a role change or an account removal: the database decides.
  const user = await getServices().db.user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, role: true },
  });
  return user;
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
