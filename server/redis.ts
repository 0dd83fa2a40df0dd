import type { Logger } from "pino";
import type { RedisClientType } from "redis";

export type RedisConnection = {
  client: RedisClientType;
  /** Closes the client (and waits for replies in flight); safe to call twice. */
  close: () => Promise<void>;
};

/**
 * Connects one node-redis client to `url` (redis://[user:pass@]host:port[/db]) and resolves once
 * it answers, so a wrong URL fails the start rather than the first publish. Reconnects with
 * backoff afterwards; errors while reconnecting are logged, not thrown (node-redis would
 * otherwise crash the process on an "error" event with no listener).
 *
 * Generic on purpose: the Socket.IO adapter uses it, and anything else that needs Redis
 * (rate limits, ...) can too. `name` tells the connections apart in the log.
 */
export async function connectRedis(url: string, logger: Logger, name = "redis"): Promise<RedisConnection> {
  // Loaded here, not at the top: a single instance (no REDIS_URL) never loads node-redis.
  const { createClient } = await import("redis");
  const log = logger.child({ redis: name, url: redactPassword(url) });
  const client: RedisClientType = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      // First attempt fails fast (start-up); later ones back off up to 5 s and never give up.
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000),
    },
  });
  let lastErrorLogged = 0;
  client.on("error", (error: unknown) => {
    // A Redis outage repeats the same error on every retry: one line per 5 s is enough.
    if (Date.now() - lastErrorLogged < 5_000) return;
    lastErrorLogged = Date.now();
    log.error({ err: error }, "redis connection error");
  });
  client.on("reconnecting", () => log.warn("redis reconnecting"));

  await withTimeout(client.connect(), 10_000, `Redis at ${redactPassword(url)} did not answer in 10 s`).catch(async (error: unknown) => {
    client.destroy();
    throw error;
  });
  log.info("redis connected");

  let closing: Promise<void> | undefined;
  return {
    client,
    close: () => {
      closing ??= (async () => {
        if (!client.isOpen) return;
        try {
          await client.close();
        } catch (error) {
          log.warn({ err: error }, "redis close failed; destroying the connection");
          client.destroy();
        }
      })();
      return closing;
    },
  };
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable url)";
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
