import { handlers } from "@/server/auth";
import { revokeOnSignOut } from "@/server/auth/revoke-on-sign-out";
import { guardSignIn } from "@/server/security/sign-in-guard";

export const { GET } = handlers;
export const POST = guardSignIn(revokeOnSignOut(handlers.POST));
