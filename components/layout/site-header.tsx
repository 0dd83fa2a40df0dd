import { PageLink } from "@/components/ui/page-link";
import { NotificationsButton } from "@/components/push/notifications-button";
import { ConnectionIndicator } from "@/components/realtime/connection-indicator";
import { MemberControls } from "./member-controls";

export type SiteHeaderProps = {
  user: { name: string; isAdmin: boolean } | null;
  /** Who reads the page ("visitor" or the user's key): the push device follows it. */
  viewerKey: string;
};

const navLink =
  "rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600";

export function SiteHeader({ user, viewerKey }: SiteHeaderProps) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <div className="flex items-center justify-between gap-4">
          <PageLink href="/" className="text-xl font-black tracking-tight text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600">
            <span className="text-red-700">News</span>flash
          </PageLink>
          <nav aria-label="Main" className="flex items-center gap-1">
            <PageLink href="/" className={navLink}>
              Home
            </PageLink>
            <PageLink href="/alerts" className={navLink}>
              Archive
            </PageLink>
            {user?.isAdmin ? (
              <PageLink href="/admin" className={navLink}>
                Admin
              </PageLink>
            ) : null}
          </nav>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <NotificationsButton viewerKey={viewerKey} />
          {user ? (
            <>
              <span className="mr-1 text-sm text-slate-600">
                Signed in as <span className="font-medium text-slate-900">{user.name}</span>
              </span>
              <MemberControls />
            </>
          ) : (
            <>
              <PageLink href="/login" className="rounded-md bg-slate-900 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600">
                Sign in
              </PageLink>
              <PageLink href="/signup" className="rounded-md border border-slate-300 px-4 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600">
                Sign up
              </PageLink>
            </>
          )}
        </div>
      </div>
      <div className="mx-auto flex max-w-5xl justify-end px-4 pb-2 sm:px-6">
        <ConnectionIndicator />
      </div>
    </header>
  );
}
