"use client";

import { buttonPrimary } from "@/components/ui/styles";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-md py-12 text-center">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="mt-2 text-slate-600">The page could not be shown. Try again in a moment.</p>
      <button type="button" onClick={reset} className={`mt-6 ${buttonPrimary}`}>
        Try again
      </button>
    </div>
  );
}
