import type { RealtimeGuards } from "@/server/realtime/types";
import { clientAddressOf } from "./client-ip";
import type { RateLimits } from "./rate-limits";

/** The site's rate limits as the realtime layer's admission checks. */
export function createRealtimeGuards(limits: RateLimits, options: { trustProxy: boolean }): RealtimeGuards {
  return {
    async admitConnection(request) {
      const decision = await limits.connectionsPerIp.consume(clientAddressOf(request, options.trustProxy));
      if (decision.isAllowed) return undefined;
      return { message: "Too many connections from your network. Try again later.", retryAfterSeconds: decision.retryAfterSeconds };
    },
    async admitEvent(socketId) {
      const decision = await limits.socketEventsPerConnection.consume(socketId);
      if (decision.isAllowed) return undefined;
      return { message: "Too many requests on this connection; it is closed.", retryAfterSeconds: decision.retryAfterSeconds };
    },
    forgetSocket(socketId) {
      void limits.socketEventsPerConnection.reset(socketId);
    },
  };
}
