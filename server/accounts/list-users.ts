import type { Role } from "@/server/auth/session-user";
import type { Services } from "@/server/services";

export type UserView = { id: string; name: string; email: string; role: Role; createdAt: string };

/** Accounts for the admin page, admins first, newest first. */
export async function listUsers({ db }: Pick<Services, "db">, { limit }: { limit: number }): Promise<UserView[]> {
  const users = await db.user.findMany({
    select: { id: true, name: true, email: true, role: true, createdAt: true },
    orderBy: [{ role: "desc" }, { createdAt: "desc" }],
    take: limit,
  });
  return users.map((user) => ({ ...user, createdAt: user.createdAt.toISOString() }));
}
