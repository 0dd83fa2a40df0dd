import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignupForm } from "@/components/auth/signup-form";
import { getViewer } from "@/server/news/viewer";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignupPage() {
  const viewer = await getViewer();
  if (viewer.user) redirect("/");
  return (
    <div className="mx-auto w-full max-w-sm">
      <h1 className="text-2xl font-bold tracking-tight">Create your account</h1>
      <p className="mt-1 text-sm text-slate-600">Then choose which breaking-news alerts reach you.</p>
      <div className="mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
        <SignupForm />
      </div>
    </div>
  );
}
