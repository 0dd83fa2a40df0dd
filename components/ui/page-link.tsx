import Link from "next/link";
import type { ComponentProps } from "react";

export type PageLinkProps = Omit<ComponentProps<typeof Link>, "prefetch">;

/**
 * A link to one of the site's pages, without Next's prefetching. Every page is rendered per
 * request (app/layout.tsx), so a prefetch fetches no reusable page: the home page made 14 RSC
 * requests after loading, each a full server render of a page the reader may never open, and
 * parsing them cost the phone's main thread (docs/UI-FIGURES.md). A click fetches the page then.
 */
export function PageLink(props: PageLinkProps) {
  return <Link {...props} prefetch={false} />;
}
