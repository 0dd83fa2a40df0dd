import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { BreakingNewsBanner } from "@/components/alerts/breaking-news-banner";
import { SiteHeader } from "@/components/layout/site-header";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { getReaderAlerts } from "@/server/news/reader-alerts";
import { getViewer, getViewerChannels } from "@/server/news/viewer";
import { getServices } from "@/server/services";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Newsflash", template: "%s · Newsflash" },
  description: "Breaking news, as it happens.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f172a" };

// Every page depends on who is signed in.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const services = getServices();
  const viewer = await getViewer();
  const channels = await getViewerChannels(services, viewer);
  // In the HTML from the start: a page opened while an alert is active shows it at once.
  const { alerts: activeAlerts, since } = await getReaderAlerts(services, viewer, channels);
  return (
    <html lang="en">
      <body className="min-h-dvh bg-slate-50 font-sans text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <RealtimeProvider viewerKey={viewer.key} readerChannels={channels} since={since}>
          <SiteHeader user={viewer.user ? { name: viewer.user.name, isAdmin: viewer.user.role === "ADMIN" } : null} viewerKey={viewer.key} />
          <main id="main" className="mx-auto w-full max-w-5xl px-4 py-6 sm:px-6 sm:py-10">
            {/* Keyed by viewer: after sign-in or sign-out the banner starts over from their list. */}
            <BreakingNewsBanner key={viewer.key} initialAlerts={activeAlerts} renderedAt={new Date().toISOString()} />
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
