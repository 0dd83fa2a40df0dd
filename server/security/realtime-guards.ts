import type { Env } from "@/server/env";
import type { RealtimeServerDeps } from "@/server/realtime/realtime-server";
import type { RealtimeGuards } from "@/server/realtime/types";
import { clientAddressOf } from "./client-ip";
import type { RateLimits } from "./rate-limits";

type SocketCaps = Pick<RealtimeServerDeps, "maxSocketsPerAddress" | "maxSocketsPerSession" | "addressOf">;

/**
 * The caps on open sockets per client address and per sign-in (docs/SECURITY.md), counted
 * against the same address as the rate limits. `RATE_LIMITS=off` lifts them too; 0 lifts one.
 */
export function socketCapsOf(env: Pick<Env, "RATE_LIMITS" | "TRUST_PROXY" | "MAX_SOCKETS_PER_ADDRESS" | "MAX_SOCKETS_PER_SESSION">): SocketCaps {
  const capOf = (max: number) => (env.RATE_LIMITS === "on" && max > 0 ? max : undefined);
  return {
    maxSocketsPerAddress: capOf(env.MAX_SOCKETS_PER_ADDRESS),
    maxSocketsPerSession: capOf(env.MAX_SOCKETS_PER_SESSION),
    addressOf: (request) => clientAddressOf(request, env.TRUST_PROXY),
  };
}

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
