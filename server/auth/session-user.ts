import type { Subscriber } from "@/lib/realtime/contract";

export type Role = "MEMBER" | "ADMIN";

/** The signed-in user as the site sees it: what the session token carries. */
export type SessionUser = { id: string; name: string; email: string; role: Role };

export function subscriberForUser(user: { id: string; role: Role }): Subscriber {
  return { type: user.role === "ADMIN" ? "Admin" : "Member", id: user.id };
}
