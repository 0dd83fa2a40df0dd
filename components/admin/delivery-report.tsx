"use client";

import { useEffect, useState } from "react";
import type { AlertReport } from "@/lib/alerts/alert";
import type { ChannelRef } from "@/lib/realtime/contract";
import { channelKey } from "@/lib/realtime/channel-key";

export type DeliveryRow = AlertReport["deliveries"][number];

export type DeliveryReportProps = { alertId: string; initial: DeliveryRow[]; labelOf: (channel: ChannelRef) => string };

// Receipts arrive over a few seconds as readers' pages acknowledge; the server writes them in
// batches, so polling the report briefly is enough to watch them come in.
const POLL_EVERY_MS = 1_000;
const POLL_FOR_MS = 60_000;

/**
 * Recipients per channel, with "delivered to N of M" updating as acknowledgements come in.
 * Give it `key={alertId}`: a new alert is a new report.
 */
export function DeliveryReport({ alertId, initial, labelOf }: DeliveryReportProps) {
  const [rows, setRows] = useState(initial);

  useEffect(() => {
    let isActive = true;
    const startedAt = Date.now();
    const timer = setInterval(async () => {
      if (Date.now() - startedAt > POLL_FOR_MS) {
        clearInterval(timer);
        return;
      }
      try {
        const response = await fetch(`/api/alerts/${encodeURIComponent(alertId)}`, { cache: "no-store" });
        if (!response.ok) return;
        const body = (await response.json()) as AlertReport;
        if (isActive) setRows(body.deliveries);
        if (body.deliveries.every((row) => row.delivered >= row.recipients)) clearInterval(timer);
      } catch {
        // A missed poll is retried on the next tick.
      }
    }, POLL_EVERY_MS);
    return () => {
      isActive = false;
      clearInterval(timer);
    };
  }, [alertId, initial]);

  return (
    <ul aria-label="Recipients per channel" className="mt-3 flex flex-col gap-1 text-sm">
      {rows.map((row) => (
        <li key={channelKey(row.channel)} className="flex justify-between gap-4 rounded-md bg-white px-3 py-1.5">
          <span>{labelOf(row.channel)}</span>
          <span className="tabular-nums">
            {row.recipients} {row.recipients === 1 ? "recipient" : "recipients"} · delivered to {row.delivered} of {row.recipients}
          </span>
        </li>
      ))}
    </ul>
  );
}
