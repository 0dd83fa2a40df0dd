import { createHash } from "node:crypto";
import type { AlertKind } from "@/lib/alerts/alert";

/**
 * What one push carries, as RFC 8291-encrypted JSON (docs/DESIGN.md, Web Push); the service
 * worker (public/sw.js) shows it. `url` is relative: the worker resolves it against its own
 * origin, so the server needs no idea of its public address.
 */
export type PushMessage = { alertId: string; kind: AlertKind; text: string; color: string; sentAt: string; url: string };

/** The alert as it is now, and the change a push was recorded for. */
export type PushableAlert = {
  id: string;
  text: string;
  color: string;
  sentAt: Date;
  expiresAt: Date;
  retractedAt: Date | null;
  revision: number;
};
export type PushChange = { kind: AlertKind; revision: number };

/** A retraction closes a notification that outlives its alert on screen: it is kept this long at least. */
const RETRACTION_MIN_TTL_SECONDS = 3_600;

/**
 * Whether a change is still worth pushing. Not once the alert expired or was retracted, nor
 * once a newer change of it exists (that one is pushed instead, and replaces it on the device).
 * A retraction always is: it is what closes the notification.
 */
export function isWorthPushing(change: PushChange, alert: PushableAlert, now: Date): boolean {
  if (change.kind === "retracted") return true;
  return !alert.retractedAt && alert.expiresAt.getTime() > now.getTime() && alert.revision === change.revision;
}

/** How long a push service may hold the push for an offline device: the alert's remaining active time. */
export function pushTtlSeconds(change: PushChange, alert: PushableAlert, now: Date): number {
  const remaining = Math.max(0, Math.ceil((alert.expiresAt.getTime() - now.getTime()) / 1000));
  return change.kind === "retracted" ? Math.max(remaining, RETRACTION_MIN_TTL_SECONDS) : remaining;
}

const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * One Topic per alert (RFC 8030 5.4): a push service holding an undelivered push of the alert
 * replaces it with the newer one. At most 32 base64url characters; alert ids (cuids) are.
 */
export function pushTopic(alertId: string): string {
  return TOPIC.test(alertId) ? alertId : createHash("sha256").update(alertId).digest("base64url").slice(0, 32);
}

export function toPushMessage(alert: PushableAlert, kind: AlertKind): PushMessage {
  return { alertId: alert.id, kind, text: alert.text, color: alert.color, sentAt: alert.sentAt.toISOString(), url: "/" };
}
