import { sameChannel } from "@/lib/realtime/channel-key";
import type { ChannelRef, RealtimeMessage } from "@/lib/realtime/contract";
import type { AlertMessagePayload, AlertView } from "./alert";

// What the archive shows: every alert, retracted ones too (marked), each with its current text.
// Folded from messages as they arrive; pure, like the banner's (active-alerts.ts).

export type ArchivedAlert = AlertView & { isNew?: boolean };

export const MAX_ARCHIVED_ALERTS = 100;

/**
 * One message of an alert, from `message` (its channel and time): matched by `alertId`; a
 * higher revision brings its text, colour and status; the same alert on another channel adds
 * that channel. A retraction's reason is not in the message: it stays unset until read.
 */
export function applyToArchive(alerts: ArchivedAlert[], alert: AlertMessagePayload, message: Pick<RealtimeMessage, "channel" | "publishedAt">): ArchivedAlert[] {
  const current = alerts.find((candidate) => candidate.id === alert.alertId);
  const channels = current ? withChannel(current.channels, message.channel) : [message.channel];
  if (current && current.revision >= alert.revision) {
    return channels === current.channels ? alerts : alerts.map((candidate) => (candidate === current ? { ...current, channels } : candidate));
  }
  const next: ArchivedAlert = {
    ...current,
    id: alert.alertId,
    text: alert.text,
    color: alert.color,
    sentAt: alert.sentAt,
    expiresAt: alert.expiresAt,
    revision: alert.revision,
    status: alert.kind === "retracted" ? "retracted" : (current?.status ?? "active"),
    channels,
    ...(alert.kind === "corrected" ? { correctedAt: message.publishedAt } : {}),
    ...(alert.kind === "retracted" ? { retractedAt: message.publishedAt } : {}),
    isNew: current?.isNew ?? !current,
  };
  const others = alerts.filter((candidate) => candidate !== current);
  return [next, ...others].sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt)).slice(0, MAX_ARCHIVED_ALERTS);
}

/** The reasons of retractions, once read from the API, for the alerts that lack one. */
export function withReasons(alerts: ArchivedAlert[], reasons: ReadonlyMap<string, string>): ArchivedAlert[] {
  let isChanged = false;
  const next = alerts.map((alert) => {
    const reason = reasons.get(alert.id);
    if (alert.status !== "retracted" || alert.reason !== undefined || reason === undefined) return alert;
    isChanged = true;
    return { ...alert, reason };
  });
  return isChanged ? next : alerts;
}

function withChannel(channels: ChannelRef[], channel: ChannelRef): ChannelRef[] {
  return channels.some((known) => sameChannel(known, channel)) ? channels : [...channels, channel];
}
