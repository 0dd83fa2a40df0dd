import { randomUUID } from "node:crypto";
import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getEnv } from "@/server/env";
import { getServices } from "@/server/services";
import type { Role } from "./session-user";
import { verifyPassword } from "./password";
import { isSessionOpen, SESSION_MAX_AGE_SECONDS, sessionClaimsOf } from "./session-revocation";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

/** Built per request (NextAuth's lazy form) so the secret comes from the env module. */
export function createAuthConfig(): NextAuthConfig {
  return {
    secret: getEnv().AUTH_SECRET,
    // Self-hosted: the Host header (or X-Forwarded-Host behind a proxy) is the site's origin.
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // A wrong password is an ordinary event, not a server error with a stack trace.
    logger: {
      error(error) {
        // By its `type`: the production build minifies class names, so `name` is not reliable.
        if ((error as { type?: string }).type === "CredentialsSignin") return;
        getServices().logger.error({ err: error }, "auth error");
      },
      warn(code) {
        getServices().logger.warn({ code }, "auth warning");
      },
    },
    pages: { signIn: "/login" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        authorize: async (raw) => {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const user = await getServices().db.user.findUnique({ where: { email: parsed.data.email } });
          // Verify against a real hash even when the email is unknown, so timing doesn't
          // tell which emails have accounts.
          const isValid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, parsed.data.password);
          if (!user || !isValid) return null;
          return { id: user.id, name: user.name, email: user.email, role: user.role, sessionVersion: user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const signedIn = user as { role?: Role; sessionVersion?: number };
          token.sub = user.id;
          token.role = signedIn.role ?? "MEMBER";
          // Names this sign-in, so it can be revoked at sign-out (with its sockets), and ties
          // it to the user's session version, which a role change raises.
          token.sid = randomUUID();
          token.sv = signedIn.sessionVersion ?? 0;
          return token;
        }
        // Every later read of the session (auth(), /api/auth/session): a revoked session is
        // none, and null makes Auth.js drop its cookie rather than renew it.
        const claims = sessionClaimsOf(token);
        return claims && (await isSessionOpen(getServices().db, claims)) ? token : null;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.user.role = (token.role as Role | undefined) ?? "MEMBER";
        return session;
      },
    },
  };
}

// argon2id hash of a random string nobody knows; only used to spend the same time.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$YWJjZGVmZ2hpamtsbW5vcA$Lx2m5L0w2J2ZbwdR4E4m9C0qkq3Jc0s3cZgM7xVvYxQ";
