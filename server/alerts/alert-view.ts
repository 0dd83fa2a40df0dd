import type { ChannelRef } from "@/lib/realtime/contract";

/** An alert as the API and pages show it. */
export type AlertView = { id: string; text: string; color: string; sentAt: string; channels: ChannelRef[] };

/** The view of a stored alert row. */
export function toAlertView(alert: { id: string; text: string; color: string; sentAt: Date; channels: unknown }): AlertView {
  return { id: alert.id, text: alert.text, color: alert.color, sentAt: alert.sentAt.toISOString(), channels: parseStoredChannels(alert.channels) };
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
