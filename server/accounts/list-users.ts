import type { Role } from "@/server/auth/session-user";
import { getServices } from "@/server/services";

export type UserView = { id: string; name: string; email: string; role: Role; createdAt: string };

/** Accounts for the admin page, admins first, newest first. */
export async function listUsers({ limit }: { limit: number }): Promise<UserView[]> {
  const users = await getServices().db.user.findMany({
    select: { id: true, name: true, email: true, role: true, createdAt: true },
    orderBy: [{ role: "desc" }, { createdAt: "desc" }],
    take: limit,
  });
  return users.map((user) => ({ ...user, createdAt: user.createdAt.toISOString() }));
}
