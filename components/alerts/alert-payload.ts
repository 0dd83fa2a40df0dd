import type { ChannelRef, RealtimeMessage } from "@/lib/realtime/contract";

/** An alert as the browser shows it, from a realtime message or from the archive. */
export type ReceivedAlert = {
  /** Stable per alert across channels: one alert sent to several channels arrives once per channel. */
  key: string;
  text: string;
  color: string;
  sentAt: string;
  channels: ChannelRef[];
};

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
export const FALLBACK_ALERT_COLOR = "#b91c1c";

/** A colour we can safely put in a style: `#rrggbb` only, anything else falls back. */
export function safeColor(color: unknown): string {
  return typeof color === "string" && HEX_COLOR.test(color) ? color.toLowerCase() : FALLBACK_ALERT_COLOR;
}

export function alertKey(alert: { text: string; color: string; sentAt: string }): string {
  return `${alert.sentAt}|${alert.color}|${alert.text}`;
}

/** Payloads come from the network: read them defensively, and drop what isn't an alert. */
export function alertFromMessage(message: RealtimeMessage): ReceivedAlert | null {
  const payload = message.payload;
  if (typeof payload !== "object" || payload === null) return null;
  const { text, color, sentAt } = payload as { text?: unknown; color?: unknown; sentAt?: unknown };
  if (typeof text !== "string" || text.trim() === "") return null;
  const sent = typeof sentAt === "string" && !Number.isNaN(Date.parse(sentAt)) ? sentAt : message.publishedAt;
  const alert = { text, color: safeColor(color), sentAt: sent };
  return { ...alert, key: alertKey(alert), channels: [message.channel] };
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
