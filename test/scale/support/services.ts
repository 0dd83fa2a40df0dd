import { randomBytes } from "node:crypto";
import pg from "pg";
import { createClient } from "redis";
import { generateVapidKeys } from "@/server/push/keys";
import { createThrowawayDatabase, type ThrowawayDatabase } from "../../db/support/real-postgres";

// The shared services several instances need (the scale tests, and the bench's two-instance
// comparison), from the environment, with this project's machines' defaults. Every run gets
// its own database and its own Redis key space.
export const SCALE_DATABASE_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
export const SCALE_REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";

export type SharedServices = {
  databaseUrl: string;
  redisUrl: string;
  /** REDIS_PREFIX for the instances: this run's stream, channels and keys. */
  redisPrefix: string;
  /**
   * The environment of an instance of this cluster (for `startTestServer({ env })`), with one
   * AUTH_SECRET for all (a session cookie made by one must open on the others) and one VAPID
   * key pair (a browser subscribes with one instance's key, any instance pushes).
   */
  instanceEnv: Record<string, string>;
  /** Drops the database and deletes every Redis key under the prefix. */
  cleanUp: () => Promise<void>;
};

/** `serverUrl`: a PostgreSQL server to create the run's database on; `prefixLabel` names who made the Redis keys. */
export async function createSharedServices(
  options: { serverUrl?: string; redisUrl?: string; prefixLabel?: string } = {},
): Promise<SharedServices> {
  const { serverUrl = SCALE_DATABASE_URL, redisUrl = SCALE_REDIS_URL, prefixLabel = "test" } = options;
  const database: ThrowawayDatabase = await createThrowawayDatabase(serverUrl);
  const redisPrefix = `newsflash-${prefixLabel}-${randomBytes(6).toString("hex")}`;
  const authSecret = randomBytes(32).toString("base64url");
  const vapid = generateVapidKeys();
  return {
    databaseUrl: database.connectionString,
    redisUrl,
    redisPrefix,
    instanceEnv: { DATABASE_URL: database.connectionString, REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix, AUTH_SECRET: authSecret, VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey },
    cleanUp: async () => {
      await Promise.all([database.drop(), deleteRedisKeys(redisUrl, `${redisPrefix}:*`)]);
    },
  };
}

/**
 * Why the services cannot be used, in one sentence each, or an empty list. Tries once with a
 * short timeout: node-redis would otherwise retry a refused connection forever.
 */
export async function findUnreachableServices(serverUrl: string, redisUrl: string): Promise<string[]> {
  const problems: string[] = [];
  const database = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await database.connect();
    await database.query("SELECT 1");
  } catch (error) {
    problems.push(`PostgreSQL at ${serverUrl} did not answer: ${(error as Error).message}`);
  } finally {
    await database.end().catch(() => undefined);
  }
  const redis = createClient({ url: redisUrl, socket: { connectTimeout: 3_000, reconnectStrategy: false } });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    await redis.close();
  } catch (error) {
    problems.push(`Redis at ${redisUrl} did not answer: ${(error as Error).message}`);
    redis.destroy();
  }
  return problems;
}

async function deleteRedisKeys(url: string, pattern: string): Promise<void> {
  const client = createClient({ url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 100 })) keys.push(...batch);
    if (keys.length > 0) await client.del(keys);
  } finally {
    await client.close();
  }
}
