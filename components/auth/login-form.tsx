"use client";

import { PageLink } from "@/components/ui/page-link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useChangeIdentity } from "@/components/realtime/use-change-identity";
import { NETWORK_ERROR } from "@/components/ui/api-error";
import { buttonPrimary } from "@/components/ui/styles";
import { TextField } from "@/components/ui/text-field";
import { FormAlert } from "@/components/ui/form-alert";

export type LoginFormProps = { nextPath: string; initialEmail?: string };

type Errors = { email?: string; password?: string; form?: string };

export function LoginForm({ nextPath, initialEmail = "" }: LoginFormProps) {
  const changeIdentity = useChangeIdentity();
  const [errors, setErrors] = useState<Errors>({});
  const [isSubmitting, setIsSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const found: Errors = {};
    if (!email) found.email = "Enter your email.";
    else if (!/^[^\s@]+@[^\s@]+$/.test(email)) found.email = "Enter a valid email address.";
    if (!password) found.password = "Enter your password.";
    setErrors(found);
    if (found.email || found.password) return;

    setIsSubmitting(true);
    const isSignedIn = await changeIdentity(
      async () => {
        try {
          const result = await signIn("credentials", { email, password, redirect: false });
          if (result?.error === "rate_limited") {
            // The server's 429 (docs/SECURITY.md): the same words whether or not the account exists.
            setErrors({ form: "Too many sign-in attempts. Wait a few minutes and try again." });
            return false;
          }
          if (!result || result.error || !result.ok) {
            setErrors({ form: "That email and password don't match an account. Check them and try again." });
            return false;
          }
          return true;
        } catch {
          setErrors({ form: NETWORK_ERROR });
          return false;
        }
      },
      { navigateTo: nextPath },
    );
    if (!isSignedIn) setIsSubmitting(false);
  }

  // method="post": a form sent before this script has run (a slow network, a blocked script) is
  // the browser's own submission, and as a GET it would put the password in the address, the
  // history and a proxy's access log. The page answers a POST with itself; nothing is lost.
  return (
    <form method="post" noValidate onSubmit={onSubmit} className="flex flex-col gap-5" aria-describedby={errors.form ? "login-error" : undefined}>
      <FormAlert id="login-error" message={errors.form} />
      <TextField id="login-email" name="email" label="Email" type="email" autoComplete="email" defaultValue={initialEmail} error={errors.email} />
      <TextField id="login-password" name="password" label="Password" type="password" autoComplete="current-password" error={errors.password} />
      <button type="submit" className={buttonPrimary} disabled={isSubmitting}>
        Sign in
      </button>
      {isSubmitting ? (
        <p role="status" className="text-sm text-slate-600">
          Signing in…
        </p>
      ) : null}
      <p className="text-sm text-slate-600">
        No account yet?{" "}
        <PageLink href="/signup" className="font-medium text-sky-700 underline underline-offset-2 hover:text-sky-900">
          Create one
        </PageLink>
      </p>
    </form>
  );
}
