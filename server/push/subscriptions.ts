import { createPublicKey } from "node:crypto";
import type { PushSubscriptionInput } from "@/lib/schemas/push";
import type { SessionUser } from "@/server/auth/session-user";
import { ApiError } from "@/server/http/api-error";
import type { Services } from "@/server/services";
import { EndpointRefused } from "./endpoint-guard";

export type PushSubscriptionDeps = Pick<Services, "db" | "push">;

/**
 * Registers a browser for Web Push, tied to the signed-in user if any (a visitor's device
 * otherwise). Posting an endpoint that is already known updates it, upsert-style, under one
 * rule (docs/PUSH.md): the device moves to the caller only when the caller sends the same keys
 * (the browser's 16-byte auth secret, which only that browser and this server know, proves it
 * is that browser: after a sign-in, a sign-out, or another account's sign-in on it); new keys
 * for a known endpoint are accepted only from its own signed-in owner. Anything else is 409,
 * never a silent takeover of someone else's device.
 */
export async function savePushSubscription(
  { db, push }: PushSubscriptionDeps,
  input: PushSubscriptionInput,
  user: Pick<SessionUser, "id"> | null,
): Promise<{ id: string }> {
  const { endpoint } = input;
  const { p256dh, auth } = input.keys;
  if (!isP256Point(p256dh)) {
    throw new ApiError("invalid_input", "keys.p256dh is not a P-256 public key.", { fields: { "keys.p256dh": "Not a point on the P-256 curve" } });
  }
  try {
    await push.guardEndpoint(endpoint);
  } catch (error) {
    const message = error instanceof EndpointRefused ? error.message : "The push endpoint's host could not be resolved; try again.";
    throw new ApiError("invalid_input", message, { fields: { endpoint: message } });
  }
  const userId = user?.id ?? null;
  // Both statements are atomic on their own, so concurrent posts of one endpoint cannot both
  // create it, nor move it past the rule above.
  const created = await db.pushSubscription.createMany({ data: [{ endpoint, p256dh, auth, userId }], skipDuplicates: true });
  if (created.count === 0) {
    const moved = await db.pushSubscription.updateMany({
      where: { endpoint, OR: [{ p256dh, auth }, ...(userId ? [{ userId }] : [])] },
      data: { p256dh, auth, userId },
    });
    if (moved.count === 0) {
      throw new ApiError("conflict", "This push endpoint is registered with other keys. Unsubscribe in the browser and subscribe again.");
    }
  }
  const saved = await db.pushSubscription.findUniqueOrThrow({ where: { endpoint }, select: { id: true } });
  return { id: saved.id };
}

/**
 * Stops pushes to a device. The endpoint is an unguessable URL the push service issued to that
 * browser, so knowing it is what entitles the caller; removing one that is unknown is no error.
 */
export async function removePushSubscription({ db }: Pick<Services, "db">, endpoint: string): Promise<void> {
  await db.pushSubscription.deleteMany({ where: { endpoint } });
}

/** Encrypting to a point off the curve would fail at every send (or worse): refuse it now. */
function isP256Point(p256dh: string): boolean {
  const point = Buffer.from(p256dh, "base64url");
  if (point.length !== 65 || point[0] !== 0x04) return false;
  try {
    createPublicKey({
      key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") },
      format: "jwk",
    });
    return true;
  } catch {
    return false;
  }
}
