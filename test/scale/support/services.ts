import { randomBytes } from "node:crypto";
import { createClient } from "redis";
import { createThrowawayDatabase, type ThrowawayDatabase } from "../../db/support/real-postgres";

// The shared services the scale tests need, from the environment, with this project's
// machines' defaults. Every run gets its own database and its own Redis key space.
export const SCALE_DATABASE_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
export const SCALE_REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";

export type SharedServices = {
  databaseUrl: string;
  redisUrl: string;
  /** REDIS_PREFIX for the instances: this run's stream, channels and keys. */
  redisPrefix: string;
  /**
   * The environment of an instance of this cluster (for `startTestServer({ env })`), with one
   * AUTH_SECRET for all: a session cookie made by one must open on the others.
   */
  instanceEnv: Record<string, string>;
  /** Drops the database and deletes every Redis key under the prefix. */
  cleanUp: () => Promise<void>;
};

export async function createSharedServices(): Promise<SharedServices> {
  const database: ThrowawayDatabase = await createThrowawayDatabase(SCALE_DATABASE_URL);
  const redisPrefix = `newsflash-test-${randomBytes(6).toString("hex")}`;
  const authSecret = randomBytes(32).toString("base64url");
  return {
    databaseUrl: database.connectionString,
    redisUrl: SCALE_REDIS_URL,
    redisPrefix,
    instanceEnv: { DATABASE_URL: database.connectionString, REDIS_URL: SCALE_REDIS_URL, REDIS_PREFIX: redisPrefix, AUTH_SECRET: authSecret },
    cleanUp: async () => {
      await Promise.all([database.drop(), deleteRedisKeys(SCALE_REDIS_URL, `${redisPrefix}:*`)]);
    },
  };
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
