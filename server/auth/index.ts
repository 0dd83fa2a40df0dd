import NextAuth from "next-auth";
import { createAuthConfig } from "./config";

export const { handlers, auth, signIn, signOut } = NextAuth(() => createAuthConfig());
