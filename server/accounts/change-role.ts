import { inAuditedTransaction, recordAuditEvent } from "@/server/audit/record-audit-event";
import type { Role, SessionUser } from "@/server/auth/session-user";
import { ApiError } from "@/server/http/api-error";
import type { Services } from "@/server/services";
import type { UserView } from "./list-users";

/**
 * An admin grants or withdraws the admin role. It takes effect at once: the HTTP API reads
 * the role from the database on every request, and the user's open sockets are identified
 * again (and lose what they may no longer read). Only a real change is audited.
 */
export async function changeRole({ db, realtime }: Pick<Services, "db" | "realtime">, actor: SessionUser, userId: string, role: Role): Promise<UserView> {
  // Nobody can lock the site out of its own admin page by demoting themselves.
  if (actor.id === userId) throw new ApiError("forbidden", "You cannot change your own role.");
  const user = await inAuditedTransaction(db, async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!before) throw new ApiError("not_found", "No user with that id.");
    const updated = await tx.user.update({
      where: { id: userId },
      data: { role },
      select: { id: true, name: true, email: true, role: true, createdAt: true },
    });
    if (before.role !== role) {
      await recordAuditEvent(tx, {
        actor,
        action: "user.role_changed",
        target: userId,
        details: { email: updated.email, from: before.role, to: role },
      });
    }
    return updated;
  });
  await realtime.reidentify({ userId });
  return { ...user, createdAt: user.createdAt.toISOString() };
}
