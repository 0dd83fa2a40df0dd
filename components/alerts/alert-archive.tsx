"use client";

import { useState } from "react";
import type { ChannelRef } from "@/lib/realtime/contract";
import { channelKey } from "@/lib/realtime/channel-key";
import { useChannelAlerts } from "@/components/realtime/use-alert-messages";
import { safeColor } from "@/lib/alerts/alert";
import { LocalTime } from "./local-time";

type ArchivedAlert = { id: string; text: string; color: string; sentAt: string; channels: ChannelRef[]; isNew?: boolean };

export type AlertArchiveProps = {
  viewerKey: string;
  initialAlerts: { id: string; text: string; color: string; sentAt: string; channels: ChannelRef[] }[];
  liveChannels: ChannelRef[];
  channelLabels: Record<string, string>;
};

const MAX_SHOWN = 100;

/** The archive list; alerts sent while it is open are added at the top. */
export function AlertArchive({ viewerKey, initialAlerts, liveChannels, channelLabels }: AlertArchiveProps) {
  const [alerts, setAlerts] = useState<ArchivedAlert[]>(initialAlerts);
  useChannelAlerts(viewerKey, liveChannels, (received, { channel }) => {
    setAlerts((current) => {
      const existing = current.find((alert) => alert.id === received.alertId);
      if (existing) {
        // One alert sent to several channels arrives once per channel: merge them.
        if (existing.channels.some((known) => channelKey(known) === channelKey(channel))) return current;
        return current.map((alert) => (alert === existing ? { ...alert, channels: [...alert.channels, channel] } : alert));
      }
      const { alertId: id, text, color, sentAt } = received;
      const next = [{ id, text, color, sentAt, channels: [channel], isNew: true }, ...current];
      next.sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt));
      return next.slice(0, MAX_SHOWN);
    });
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
            <p className="font-semibold break-words" style={{ color }}>
              {alert.text}
            </p>
            <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">
              <LocalTime iso={alert.sentAt} withDate />
              <span className="flex flex-wrap gap-1">
                {alert.channels.map((channel) => (
                  <span key={channelKey(channel)} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                    {channelLabels[channelKey(channel)] ?? channelKey(channel)}
                  </span>
                ))}
              </span>
              {alert.isNew ? <span className="text-xs font-semibold uppercase text-emerald-700">New</span> : null}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
