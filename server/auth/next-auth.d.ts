import type { Role } from "./session-user";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string; role: Role };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    role?: Role;
    /** The sign-in's session id (server/auth/session-revocation.ts). */
    sid?: string;
    /** The user's session version at sign-in. */
    sv?: number;
  }
}
