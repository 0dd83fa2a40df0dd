import { z } from "zod";
import "@/lib/schemas/zod-config";

// What the browser's PushSubscription.toJSON() gives (W3C Push API): the endpoint, and the keys
// base64url without padding: p256dh the 65-byte uncompressed P-256 point, auth 16 bytes.
// Whether the endpoint is a safe place to send to is checked on the server (endpoint-guard.ts),
// and whether p256dh is a point on the curve too.

/** base64url without padding of exactly `bytes` bytes. */
function base64urlOf(bytes: number, label: string) {
  const length = Math.ceil((bytes * 4) / 3);
  return z
    .string({ error: `${label} is required.` })
    .regex(/^[A-Za-z0-9_-]*$/, `${label} must be base64url without padding.`)
    .length(length, `${label} must be ${bytes} bytes (${length} base64url characters).`);
}

const endpoint = z.url({ error: "endpoint must be a URL." }).max(2048, "endpoint is at most 2048 characters.");

export const pushSubscriptionInputSchema = z.strictObject({
  endpoint,
  // toJSON() includes it (null for most push services); when the subscription ends is the push
  // service's to say (a 404/410 removes it), so it is accepted and not kept.
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({ p256dh: base64urlOf(65, "keys.p256dh"), auth: base64urlOf(16, "keys.auth") }),
});

export const pushUnsubscribeInputSchema = pushSubscriptionInputSchema.pick({ endpoint: true });

export type PushSubscriptionInput = z.output<typeof pushSubscriptionInputSchema>;
