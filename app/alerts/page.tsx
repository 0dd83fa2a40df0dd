import type { Metadata } from "next";
import { AlertArchive } from "@/components/alerts/alert-archive";
import { getArchive } from "@/server/news/list-archive";
import { getViewer } from "@/server/news/viewer";
import { getServices } from "@/server/services";

export const metadata: Metadata = { title: "Alert archive" };

export default async function AlertsPage() {
  const viewer = await getViewer();
  const archive = await getArchive(getServices(), viewer, { limit: 50 });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Alert archive</h1>
        <p className="mt-1 text-slate-600">
          {viewer.user
            ? "Recent breaking-news alerts, newest first."
            : "Recent alerts for visitors, newest first. Sign in to see the alerts for members too."}
        </p>
      </div>
      {/* Keyed by viewer: after sign-in or sign-out the list starts over from the server's. */}
      <AlertArchive
        key={viewer.key}
        viewerKey={viewer.key}
        initialAlerts={archive.alerts}
        liveChannels={archive.liveChannels}
        channelLabels={archive.channelLabels}
      />
    </div>
  );
}
