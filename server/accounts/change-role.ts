import type { Role, SessionUser } from "@/server/auth/session-user";
import { isNotFound } from "@/server/db/prisma-errors";
import { ApiError } from "@/server/http/api-error";
import { getServices } from "@/server/services";
import type { UserView } from "./list-users";

/**
 * An admin grants or withdraws the admin role. It takes effect at once: the HTTP API reads
 * the role from the database on every request, and the user's open sockets are identified
 * again (and lose what they may no longer read).
 */
export async function changeRole(actor: SessionUser, userId: string, role: Role): Promise<UserView> {
  // Nobody can lock the site out of its own admin page by demoting themselves.
  if (actor.id === userId) throw new ApiError("forbidden", "You cannot change your own role.");
  const { db, realtime } = getServices();
  let user;
  try {
    user = await db.user.update({
      where: { id: userId },
      data: { role },
      select: { id: true, name: true, email: true, role: true, createdAt: true },
    });
  } catch (error) {
    if (isNotFound(error)) throw new ApiError("not_found", "No user with that id.");
    throw error;
  }
  await realtime.reidentify({ userId });
  return { ...user, createdAt: user.createdAt.toISOString() };
}
