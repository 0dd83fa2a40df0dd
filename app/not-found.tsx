import { PageLink } from "@/components/ui/page-link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md py-12 text-center">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-2 text-slate-600">There is nothing at this address.</p>
      <PageLink href="/" className="mt-6 inline-block font-medium text-sky-700 hover:underline">
        Back to the news
      </PageLink>
    </div>
  );
}
