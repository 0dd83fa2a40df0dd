import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/layout/site-header";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { getViewer, getViewerChannels } from "@/server/news/viewer";
import "./globals.css";
import { getServices } from "@/server/services";

export const metadata: Metadata = {
  title: { default: "Newsflash", template: "%s · Newsflash" },
  description: "Breaking news, as it happens.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f172a" };

// Every page depends on who is signed in.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  const channels = await getViewerChannels(getServices(), viewer);
  return (
    <html lang="en">
      <body className="min-h-dvh bg-slate-50 font-sans text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <RealtimeProvider viewerKey={viewer.key} readerChannels={channels}>
          <SiteHeader user={viewer.user ? { name: viewer.user.name, isAdmin: viewer.user.role === "ADMIN" } : null} />
          <main id="main" className="mx-auto w-full max-w-5xl px-4 py-6 sm:px-6 sm:py-10">
            {children}
          </main>
        </RealtimeProvider>
        <footer className="mx-auto max-w-5xl px-4 pb-8 text-xs text-slate-500 sm:px-6">
          Newsflash: self-hosted breaking-news alerts.
        </footer>
      </body>
    </html>
  );
}
