import { handlers } from "@/server/auth";
import { guardSignIn } from "@/server/security/sign-in-guard";

export const { GET } = handlers;
export const POST = guardSignIn(handlers.POST);
