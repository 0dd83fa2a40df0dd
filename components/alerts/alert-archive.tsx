"use client";

import { useState } from "react";
import type { AlertView } from "@/lib/alerts/alert";
import { applyToArchive, withReasons, type ArchivedAlert } from "@/lib/alerts/archived-alerts";
import type { ChannelRef } from "@/lib/realtime/contract";
import { channelKey } from "@/lib/realtime/channel-key";
import { useChannelAlerts } from "@/components/realtime/use-alert-messages";
import { safeColor } from "@/lib/alerts/alert";
import { LocalTime } from "./local-time";

export type AlertArchiveProps = {
  viewerKey: string;
  initialAlerts: AlertView[];
  liveChannels: ChannelRef[];
  channelLabels: Record<string, string>;
};

/** The archive list; alerts sent while it is open are added at the top, changes to them applied. */
export function AlertArchive({ viewerKey, initialAlerts, liveChannels, channelLabels }: AlertArchiveProps) {
  const [alerts, setAlerts] = useState<ArchivedAlert[]>(initialAlerts);
  useChannelAlerts(viewerKey, liveChannels, (received, message) => {
    setAlerts((current) => applyToArchive(current, received, message));
    if (received.kind === "retracted") {
      // The message carries the alert, not the reason: the archive's own list has it.
      void readRetractionReasons().then((reasons) => setAlerts((current) => withReasons(current, reasons)));
    }
  });

  if (alerts.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
        No alerts yet. New ones appear here as they are sent.
      </p>
    );
  }

  return (
    <ol aria-label="Alerts" className="flex flex-col gap-3">
      {alerts.map((alert) => {
        const color = safeColor(alert.color);
        return (
          <li
            key={alert.id}
            className={`rounded-lg border border-slate-200 border-l-8 bg-white p-4 shadow-sm ${alert.isNew ? "motion-safe:animate-banner-in" : ""}`}
            style={{ borderLeftColor: color }}
          >
            <p className={`font-semibold break-words ${alert.status === "retracted" ? "line-through decoration-2 opacity-70" : ""}`} style={{ color }}>
              {alert.text}
            </p>
            {alert.status === "retracted" ? (
              <p className="mt-1 text-sm font-medium text-red-800">
                Retracted{alert.reason ? `: ${alert.reason}` : alert.reason === "" ? " (no reason given)" : ""}
              </p>
            ) : null}
            <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">
              <LocalTime iso={alert.sentAt} withDate />
              <span className="flex flex-wrap gap-1">
                {alert.channels.map((channel) => (
                  <span key={channelKey(channel)} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                    {channelLabels[channelKey(channel)] ?? channelKey(channel)}
                  </span>
                ))}
              </span>
              {alert.correctedAt ? <span className="text-xs font-semibold uppercase text-amber-800">Corrected</span> : null}
              {alert.status === "expired" ? <span className="text-xs font-semibold uppercase text-slate-500">Expired</span> : null}
              {alert.isNew ? <span className="text-xs font-semibold uppercase text-emerald-700">New</span> : null}
            </p>
          </li>
        );
      })}
    </ol>
  );
}

/** Reasons of the retracted alerts among the latest the viewer may read, by id; none if unreachable. */
async function readRetractionReasons(): Promise<Map<string, string>> {
  try {
    const response = await fetch("/api/alerts?limit=100", { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!response.ok) return new Map();
    const alerts = (await response.json()) as AlertView[];
    return new Map(alerts.filter((alert) => alert.status === "retracted").map((alert) => [alert.id, alert.reason ?? ""]));
  } catch {
    return new Map();
  }
}
