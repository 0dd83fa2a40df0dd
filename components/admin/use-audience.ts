"use client";

import { useEffect, useState } from "react";
import { channelKey } from "@/lib/realtime/channel-key";
import type { ChannelRef } from "@/lib/realtime/contract";

// The admin page's "N listening": GET /api/audience about once a second while the page is
// visible (the lead's choice over pushing counts: cheap, and never more than once a second).
// A hidden tab stops asking and asks again at once when shown.
const POLL_EVERY_MS = 1_000;

/** Listeners now per channel key; null until the first answer. */
export function useAudience(): ReadonlyMap<string, number> | null {
  const [counts, setCounts] = useState<ReadonlyMap<string, number> | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let isPolling = false;
    let isStopped = false;
    const controller = new AbortController();

    async function poll(): Promise<void> {
      timer = undefined;
      if (isStopped || isPolling || document.visibilityState !== "visible") return;
      isPolling = true;
      try {
        const response = await fetch("/api/audience", { cache: "no-store", headers: { Accept: "application/json" }, signal: controller.signal });
        if (response.ok) setCounts(parseAudience(await response.json()));
      } catch {
        // A missed poll is asked again on the next tick; the last counts stay shown.
      } finally {
        isPolling = false;
      }
      if (!isStopped && document.visibilityState === "visible") timer = setTimeout(poll, POLL_EVERY_MS);
    }

    const onVisibilityChange = () => {
      if (document.visibilityState === "visible" && timer === undefined) void poll();
    };
    document.addEventListener("visibilitychange", onVisibilityChange);
    void poll();
    return () => {
      isStopped = true;
      clearTimeout(timer);
      controller.abort();
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, []);

  return counts;
}

function parseAudience(body: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  const channels = typeof body === "object" && body !== null ? (body as { channels?: unknown }).channels : undefined;
  if (!Array.isArray(channels)) return counts;
  for (const row of channels as { channel?: ChannelRef; listeners?: unknown }[]) {
    if (row?.channel && typeof row.channel.name === "string" && typeof row.listeners === "number") counts.set(channelKey(row.channel), row.listeners);
  }
  return counts;
}
