"use client";

import { PageLink } from "@/components/ui/page-link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useChangeIdentity } from "@/components/realtime/use-change-identity";
import { NETWORK_ERROR, readApiError } from "@/components/ui/api-error";
import { buttonPrimary } from "@/components/ui/styles";
import { TextField } from "@/components/ui/text-field";
import { FormAlert } from "@/components/ui/form-alert";

type FieldName = "name" | "email" | "password";
type Errors = Partial<Record<FieldName | "form", string>>;

const FIELDS: { name: FieldName; label: string; type: "text" | "email" | "password"; autoComplete: string; hint?: string }[] = [
  { name: "name", label: "Name", type: "text", autoComplete: "name" },
  { name: "email", label: "Email", type: "email", autoComplete: "email" },
  { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: "At least 8 characters." },
];

export function SignupForm() {
  const changeIdentity = useChangeIdentity();
  const [errors, setErrors] = useState<Errors>({});
  const [isSubmitting, setIsSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    setErrors({});
    setIsSubmitting(true);
    let response: Response;
    try {
      // The server validates and owns the messages; we show them beside the fields.
      response = await fetch("/api/signup", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(input),
      });
    } catch {
      setErrors({ form: NETWORK_ERROR });
      setIsSubmitting(false);
      return;
    }
    if (!response.ok) {
      const error = await readApiError(response);
      const found: Errors = {};
      for (const field of FIELDS) {
        const message = error.fields[field.name];
        if (message) found[field.name] = message;
      }
      if (!found.name && !found.email && !found.password) found.form = error.message;
      else if (error.code !== "invalid_input") found.form = error.message;
      setErrors(found);
      setIsSubmitting(false);
      return;
    }
    const isSignedIn = await changeIdentity(
      async () => {
        const result = await signIn("credentials", { email: input.email.trim(), password: input.password, redirect: false });
        if (!result || result.error || !result.ok) {
          setErrors({ form: "Your account was created, but signing in failed. Try signing in." });
          return false;
        }
        return true;
      },
      { navigateTo: "/" },
    );
    if (!isSignedIn) setIsSubmitting(false);
  }

  // method="post": a form sent before this script has run (a slow network, a blocked script) is
  // the browser's own submission, and as a GET it would put the password in the address, the
  // history and a proxy's access log. The page answers a POST with itself; nothing is lost.
  return (
    <form method="post" noValidate onSubmit={onSubmit} className="flex flex-col gap-5">
      <FormAlert message={errors.form} />
      {FIELDS.map((field) => (
        <TextField key={field.name} id={`signup-${field.name}`} {...field} error={errors[field.name]} />
      ))}
      <button type="submit" className={buttonPrimary} disabled={isSubmitting}>
        Sign up
      </button>
      {isSubmitting ? (
        <p role="status" className="text-sm text-slate-600">
          Creating your account…
        </p>
      ) : null}
      <p className="text-sm text-slate-600">
        Have an account?{" "}
        <PageLink href="/login" className="font-medium text-sky-700 underline underline-offset-2 hover:text-sky-900">
          Sign in instead
        </PageLink>
      </p>
    </form>
  );
}
