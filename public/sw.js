// Newsflash's service worker: shows Web Push alerts as notifications (docs/PUSH.md).
// Plain JavaScript, served as-is from the site's root so that its scope is the whole site.
//
// A push carries { alertId, kind, text, color, sentAt, url }. The notification's tag is the
// alert id, so a correction replaces the notification in place (no second sound: renotify is
// off) and a retraction closes it. Pushes from DevTools arrive unencrypted; they read the same.

const TITLE = "Breaking news";
const ICON = "/icons/icon-192.png";
const BADGE = "/icons/badge-96.png";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  event.waitUntil(showAlert(readMessage(event)));
});

function readMessage(event) {
  try {
    const message = event.data ? event.data.json() : null;
    return message && typeof message.alertId === "string" && message.alertId !== "" ? message : null;
  } catch {
    return null;
  }
}

async function showAlert(message) {
  if (!message) return;
  const tag = message.alertId;
  if (message.kind === "retracted") {
    for (const notification of await self.registration.getNotifications({ tag })) notification.close();
    return;
  }
  await self.registration.showNotification(TITLE, {
    body: typeof message.text === "string" ? message.text : "",
    tag,
    renotify: false,
    icon: ICON,
    badge: BADGE,
    timestamp: Date.parse(message.sentAt) || Date.now(),
    data: { url: sameOriginUrl(message.url), alertId: tag, color: message.color },
  });
}

/** Only ever a page of this site, whatever a push says. */
function sameOriginUrl(url) {
  try {
    const resolved = new URL(typeof url === "string" ? url : "/", self.registration.scope);
    return resolved.origin === self.location.origin ? resolved.href : self.registration.scope;
  } catch {
    return self.registration.scope;
  }
}

// A click brings an open tab of the site forward, or opens one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || self.registration.scope;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});

// The push service replaced this browser's subscription (Firefox does, now and then): register
// the new one, as whoever is signed in on this browser. The old endpoint answers 410 and is
// removed by the server on its next push.
self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(
    (async () => {
      let subscription = event.newSubscription;
      if (!subscription) {
        const { publicKey } = await (await fetch("/api/push/public-key")).json();
        subscription = await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey });
      }
      await fetch("/api/push/subscriptions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(subscription.toJSON()),
      });
    })(),
  );
});
