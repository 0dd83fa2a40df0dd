import { readApiError } from "@/components/ui/api-error";

// The browser's side of Web Push (docs/PUSH.md): the service worker, the Push API subscription,
// and the server's record of it (POST/DELETE /api/push/subscriptions). The server ties a
// device to whoever is signed in when it is posted, so posting it again after a sign-in or a
// sign-out moves it (same keys: the same browser).

export type PushSupport = "supported" | "insecure" | "unsupported";

export class PushSetupError extends Error {}

export function pushSupport(): PushSupport {
  if (typeof window === "undefined") return "unsupported";
  // Browsers offer the Push API on https only (and http://localhost for development).
  if (!window.isSecureContext) return "insecure";
  // iOS Safari has no PushManager in a tab: only once the site is added to the home screen.
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return "unsupported";
  return "supported";
}

/** This browser's subscription, if it has one (without registering a service worker). */
export async function currentPushSubscription(): Promise<PushSubscription | null> {
  if (pushSupport() !== "supported") return null;
  const registration = await navigator.serviceWorker.getRegistration("/");
  return registration ? registration.pushManager.getSubscription() : null;
}

/** Asks for permission, subscribes this browser and registers it with the server as `viewerKey`'s. */
export async function startPushNotifications(viewerKey: string): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission === "denied") throw new PushSetupError("Notifications are blocked for this site. Allow them in the browser's site settings.");
  if (permission !== "granted") throw new PushSetupError("Notifications were not allowed.");
  await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  const registration = await navigator.serviceWorker.ready;
  const publicKey = await fetchPublicKey();
  let subscription = await registration.pushManager.getSubscription();
  // Made for another key (the server's keys were replaced): it could never be pushed to.
  if (subscription && !isForKey(subscription, publicKey)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await subscribe(registration, publicKey);
  if ((await postSubscription(subscription)) === "conflict") {
    // The server knows this endpoint with other keys: a fresh subscription gets a new endpoint.
    await subscription.unsubscribe();
    subscription = await subscribe(registration, publicKey);
    if ((await postSubscription(subscription)) !== "saved") {
      throw new PushSetupError("This device could not be registered for notifications.");
    }
  }
  writeSynced({ endpoint: subscription.endpoint, viewerKey, at: Date.now() });
}

/** Unregisters this browser with the server, then unsubscribes it. */
export async function stopPushNotifications(): Promise<void> {
  const subscription = await currentPushSubscription();
  if (!subscription) return;
  await forgetOnServer(subscription.endpoint);
  await subscription.unsubscribe();
}

/**
 * Before signing out: the server forgets this device, so it stops getting the member's alerts
 * even if nothing else runs. The browser keeps its subscription, and `syncPushSubscription`
 * registers it again, as a visitor's, once the page belongs to the visitor.
 */
export async function forgetPushDeviceOwner(): Promise<void> {
  const subscription = await currentPushSubscription();
  if (subscription) await forgetOnServer(subscription.endpoint);
}

const SYNCED_KEY = "newsflash.push-synced";
const RESYNC_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Posts this browser's subscription again when the reader changed since it was last posted
 * (`viewerKey`: "visitor" or the user's id), or a day has passed; false when it has none.
 * Not on every page load: readers behind one address share its registration limit.
 */
export async function syncPushSubscription(viewerKey: string): Promise<boolean> {
  const subscription = await currentPushSubscription();
  if (!subscription) return false;
  const synced = readSynced();
  if (synced?.endpoint === subscription.endpoint && synced.viewerKey === viewerKey && Date.now() - synced.at < RESYNC_AFTER_MS) return true;
  const isSaved = (await postSubscription(subscription)) === "saved";
  if (isSaved) writeSynced({ endpoint: subscription.endpoint, viewerKey, at: Date.now() });
  return isSaved;
}

type Synced = { endpoint: string; viewerKey: string; at: number };

function readSynced(): Synced | null {
  try {
    return JSON.parse(localStorage.getItem(SYNCED_KEY) ?? "null") as Synced | null;
  } catch {
    return null;
  }
}

function writeSynced(synced: Synced | null): void {
  try {
    if (synced) localStorage.setItem(SYNCED_KEY, JSON.stringify(synced));
    else localStorage.removeItem(SYNCED_KEY);
  } catch {
    // Storage unavailable (private mode): the next load posts again, which is harmless.
  }
}

async function subscribe(registration: ServiceWorkerRegistration, publicKey: string): Promise<PushSubscription> {
  try {
    // userVisibleOnly: every push shows a notification (the only kind browsers allow).
    return await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64url(publicKey) });
  } catch (error) {
    throw new PushSetupError(`This browser's push service refused to subscribe: ${(error as Error).message}`);
  }
}

async function fetchPublicKey(): Promise<string> {
  const response = await fetch("/api/push/public-key");
  if (!response.ok) throw new PushSetupError((await readApiError(response)).message);
  return ((await response.json()) as { publicKey: string }).publicKey;
}

async function postSubscription(subscription: PushSubscription): Promise<"saved" | "conflict"> {
  const response = await fetch("/api/push/subscriptions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(subscription.toJSON()),
  });
  if (response.status === 409) return "conflict";
  if (!response.ok) throw new PushSetupError((await readApiError(response)).message);
  return "saved";
}

async function forgetOnServer(endpoint: string): Promise<void> {
  writeSynced(null);
  const response = await fetch("/api/push/subscriptions", {
    method: "DELETE",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ endpoint }),
  });
  if (!response.ok) throw new PushSetupError((await readApiError(response)).message);
}

function isForKey(subscription: PushSubscription, publicKey: string): boolean {
  const key = subscription.options.applicationServerKey;
  if (!key) return true;
  return toBase64url(new Uint8Array(key)) === publicKey;
}

function fromBase64url(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function toBase64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
