"use client";

import { useEffect, useEffectEvent, useId } from "react";
import { parseAlertPayload, type AlertMessagePayload } from "@/lib/alerts/alert";
import { channelKey } from "@/lib/realtime/channel-key";
import type { ChannelRef, RealtimeMessage } from "@/lib/realtime/contract";
import type { ChannelListener } from "@/lib/realtime/subscription-set";
import { useSubscriptionSet } from "./realtime-provider";

/** An alert message as a component gets it: the alert whole, and the message it came in. */
export type AlertListener = (alert: AlertMessagePayload, message: RealtimeMessage) => void;

/** Payloads come from the network: only what is an alert reaches the component. */
function alertsOnly(onAlert: AlertListener): ChannelListener {
  return (message) => {
    const alert = parseAlertPayload(message.payload);
    if (alert) onAlert(alert, message);
  };
}

/** Alert messages on the reader's own channels (the banner's). */
export function useReaderAlerts(onAlert: AlertListener): void {
  const set = useSubscriptionSet();
  const onEvent = useEffectEvent(onAlert);
  useEffect(() => set.onReaderMessage(alertsOnly((alert, message) => onEvent(alert, message))), [set]);
}

/**
 * Keeps `channels` subscribed while the calling component is mounted (e.g. the archive), and
 * gives it the alert messages of those channels only. `viewerKey` is the viewer the component
 * was rendered for: until the page is theirs, nothing is subscribed for it.
 */
export function useChannelAlerts(viewerKey: string, channels: ChannelRef[], onAlert: AlertListener): void {
  const set = useSubscriptionSet();
  const claimId = useId();
  const onEvent = useEffectEvent(onAlert);
  const claim = useEffectEvent(() =>
    set.claim(claimId, { viewerKey, channels, onMessage: alertsOnly((alert, message) => onEvent(alert, message)) }),
  );
  const channelsSignature = channels.map(channelKey).sort().join(",");
  useEffect(() => {
    void claim();
    return () => void set.release(claimId);
  }, [set, claimId, viewerKey, channelsSignature]);
}
