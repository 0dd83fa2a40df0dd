import type { Logger } from "pino";
import type { ChannelRef, Subscriber } from "@/lib/realtime/contract";
import { PermissionsRouter } from "@/server/realtime/permissions-router";

// The site's realtime policy, and (with the alert use case) the only code that knows
// channel names: visitors get the public channel; the members channel and every resource
// of it (one per alert type) are for signed-in members and admins; the admins channel
// (live delivery reports) for admins alone.

export const visitorsChannel: ChannelRef = { name: "visitors" };
export const membersChannelName = "members";
export const adminsChannelName = "admins";

export function isSignedIn(subscriber: Subscriber): boolean {
  return subscriber.type === "Member" || subscriber.type === "Admin";
}

export function createSitePermissions(logger?: Logger): PermissionsRouter {
  const router = new PermissionsRouter({ logger });
  router.default(() => ({ read: true }));
  router.add({ name: membersChannelName }, (_channel, subscriber) => ({ read: isSignedIn(subscriber) }));
  router.add({ name: adminsChannelName }, (_channel, subscriber) => ({ read: subscriber.type === "Admin" }));
  return router;
}
