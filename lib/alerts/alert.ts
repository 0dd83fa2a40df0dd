import type { ChannelRef } from "@/lib/realtime/contract";

// The one alert contract, shared by the server, the browser and the tests. Free of zod and of
// anything Node-only: the banner bundles it. The zod schemas that validate requests derive
// their limits from here (lib/schemas/alert.ts).

export const ALERT_TEXT_MAX_LENGTH = 280;
export const ALERT_MAX_CHANNELS = 20;
export const RETRACT_REASON_MAX_LENGTH = 280;
/** How long an alert stays in the banner of newly opened pages (POST /api/alerts `activeForSeconds`). */
export const ACTIVE_FOR_SECONDS = { min: 60, max: 86_400, default: 3_600 } as const;

export type AlertKind = "sent" | "corrected" | "retracted";
export type AlertStatus = "active" | "expired" | "retracted";

/** Every realtime message of an alert carries it whole: a reader needs no earlier message. */
export type AlertMessagePayload = {
  alertId: string;
  kind: AlertKind;
  text: string;
  color: string;
  sentAt: string;
  expiresAt: string;
  /** 1 when sent; each correction or retraction adds one. A higher revision replaces a lower one. */
  revision: number;
};

/** An alert as the API, the archive, the admin report and the banner show it. */
export type AlertView = {
  id: string;
  text: string;
  color: string;
  sentAt: string;
  expiresAt: string;
  revision: number;
  status: AlertStatus;
  /** Only the channels the viewer may read. */
  channels: ChannelRef[];
  correctedAt?: string;
  retractedAt?: string;
  reason?: string;
};

export type AlertDeliveryCount = { channel: ChannelRef; recipients: number };

/** POST /api/alerts' answer. */
export type SentAlert = {
  alert: Pick<AlertView, "id" | "text" | "color" | "sentAt" | "expiresAt" | "revision" | "status">;
  deliveries: AlertDeliveryCount[];
};

/** GET /api/alerts/:id's answer: `delivered` counts the readers' acknowledgements so far. */
export type AlertReport = {
  alert: AlertView;
  deliveries: (AlertDeliveryCount & { delivered: number })[];
};

/** Counted in characters as a reader sees them (code points), not UTF-16 units. */
export function alertTextLength(text: string): number {
  return Array.from(text.trim()).length;
}

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
export const FALLBACK_ALERT_COLOR = "#b91c1c";

export function isHexColor(value: unknown): value is string {
  return typeof value === "string" && HEX_COLOR.test(value);
}

/** A colour we can safely put in a style: `#rrggbb` only, anything else falls back. */
export function safeColor(color: unknown): string {
  return isHexColor(color) ? color.toLowerCase() : FALLBACK_ALERT_COLOR;
}

/**
 * Text colour on a white banner is only readable for darker colours; for light ones
 * (yellow, pale blue) the banner turns dark so the alert's own colour stays readable.
 */
export function needsDarkBackground(color: string): boolean {
  const hex = safeColor(color).slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast against white below 3:1 (WCAG large text) -> use the dark banner.
  return 1.05 / (luminance + 0.05) < 3;
}

// Tables store a channel as (name, resource) with "" for "no resource", so that the pair can
// carry a unique index (NULLs would never collide).
export function channelFromColumns(name: string, resource: string): ChannelRef {
  return resource ? { name, resourceId: resource } : { name };
}

export function channelToColumns(channel: ChannelRef): { channelName: string; channelResource: string } {
  return { channelName: channel.name, channelResource: channel.resourceId ?? "" };
}

const KINDS: readonly AlertKind[] = ["sent", "corrected", "retracted"];
const isIsoDate = (value: unknown): value is string => typeof value === "string" && !Number.isNaN(Date.parse(value));

/** Payloads come from the network: read them defensively, and drop what isn't an alert. */
export function parseAlertPayload(payload: unknown): AlertMessagePayload | null {
  if (typeof payload !== "object" || payload === null) return null;
  const { alertId, kind, text, color, sentAt, expiresAt, revision } = payload as Record<string, unknown>;
  if (typeof alertId !== "string" || alertId === "") return null;
  if (typeof kind !== "string" || !KINDS.includes(kind as AlertKind)) return null;
  if (typeof text !== "string" || !isIsoDate(sentAt) || !isIsoDate(expiresAt)) return null;
  if (typeof revision !== "number" || !Number.isInteger(revision) || revision < 1) return null;
  return { alertId, kind: kind as AlertKind, text, color: safeColor(color), sentAt, expiresAt, revision };
}
