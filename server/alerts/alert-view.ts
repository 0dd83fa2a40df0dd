import type { AlertMessagePayload, AlertKind, AlertStatus, AlertView } from "@/lib/alerts/alert";
import type { ChannelRef } from "@/lib/realtime/contract";

/** The columns of an Alerts row that its views are made of. */
export type AlertRow = {
  id: string;
  text: string;
  color: string;
  channels: unknown;
  sentAt: Date;
  expiresAt: Date;
  revision: number;
  correctedAt: Date | null;
  retractedAt: Date | null;
  retractReason: string | null;
};

export function alertStatus(alert: Pick<AlertRow, "expiresAt" | "retractedAt">, now: Date): AlertStatus {
  if (alert.retractedAt) return "retracted";
  return alert.expiresAt.getTime() > now.getTime() ? "active" : "expired";
}

/** The view of a stored alert row, as of `now`. */
export function toAlertView(alert: AlertRow, now: Date = new Date()): AlertView {
  return {
    id: alert.id,
    text: alert.text,
    color: alert.color,
    sentAt: alert.sentAt.toISOString(),
    expiresAt: alert.expiresAt.toISOString(),
    revision: alert.revision,
    status: alertStatus(alert, now),
    channels: parseStoredChannels(alert.channels),
    ...(alert.correctedAt ? { correctedAt: alert.correctedAt.toISOString() } : {}),
    ...(alert.retractedAt ? { retractedAt: alert.retractedAt.toISOString(), reason: alert.retractReason ?? "" } : {}),
  };
}

/** What every realtime message of the alert carries: the alert whole, as of this change. */
export function toAlertMessage(alert: AlertRow, kind: AlertKind): AlertMessagePayload {
  return {
    alertId: alert.id,
    kind,
    text: alert.text,
    color: alert.color,
    sentAt: alert.sentAt.toISOString(),
    expiresAt: alert.expiresAt.toISOString(),
    revision: alert.revision,
  };
}

/** The channels column is JSON written only by sendAlert; read it defensively all the same. */
export function parseStoredChannels(value: unknown): ChannelRef[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    if (typeof entry !== "object" || entry === null) return [];
    const { name, resourceId } = entry as { name?: unknown; resourceId?: unknown };
    if (typeof name !== "string") return [];
    return [typeof resourceId === "string" && resourceId !== "" ? { name, resourceId } : { name }];
  });
}
