import type { ServerOptions } from "socket.io";

/**
 * The Socket.IO adapter that joins instances through one Redis stream (docs/DEPLOYMENT.md says
 * why this one). `prefix` keeps the stream, its pub/sub channels and any recovery sessions
 * apart from other deployments (or test runs) sharing the Redis server: pub/sub channels
 * ignore the database index in the URL, so the index alone would not.
 *
 * The client must be connected (node-redis 4+ API); the adapter duplicates it for its blocking
 * XREAD and its subscriptions and closes those itself when Socket.IO closes. Loaded only when
 * called, as node-redis is (server/redis.ts): a single instance never loads either.
 */
export async function createRedisStreamsAdapter(redisClient: unknown, prefix: string): Promise<NonNullable<ServerOptions["adapter"]>> {
  const { createAdapter } = await import("@socket.io/redis-streams-adapter");
  return createAdapter(redisClient, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:socket.io:session:`,
    // Only JSON travels between instances (messages, counts, targets): skip the binary scan.
    onlyPlaintext: true,
  }) as NonNullable<ServerOptions["adapter"]>;
}
