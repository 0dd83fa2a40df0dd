import { hashPassword } from "@/server/auth/password";
import { silentLogger, type DbLogger } from "./db-logger";
import type { PrismaClient } from "./generated/prisma/client";
import { SEED_DEMO_USERS, SEED_STORIES, SEED_SUBSCRIPTION_TYPES } from "./seed-data";

/** Serializes concurrent first starts against one PostgreSQL (an arbitrary, fixed key). */
const SEED_LOCK_ID = 4_237_001;

export type SeedResult = { seeded: boolean; subscriptionTypes: number; stories: number; users: number };

/**
 * Fills a brand-new database with the subscription types, a few stories and (unless turned
 * off) the demo accounts. Does nothing once any subscription type, story or user exists, so
 * restarts never duplicate rows and never bring back what an admin deleted.
 */
export async function seedIfEmpty(
  db: PrismaClient,
  { seedDemoUsers, logger = silentLogger }: { seedDemoUsers: boolean; logger?: DbLogger },
): Promise<SeedResult> {
  const nothing: SeedResult = { seeded: false, subscriptionTypes: 0, stories: 0, users: 0 };
  if (!(await isEmpty(db))) return nothing;

  // Hashing is deliberately slow: do it before the transaction, not while holding it.
  const users = seedDemoUsers
    ? await Promise.all(
        SEED_DEMO_USERS.map(async (user) => ({
          email: user.email.toLowerCase(),
          name: user.name,
          role: user.role,
          passwordHash: await hashPassword(user.password),
        })),
      )
    : [];
  const now = Date.now();

  const result = await db.$transaction(async (tx) => {
    // Two instances starting at once on an empty PostgreSQL: the second waits, then sees rows.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_ID})`;
    if (!(await isEmpty(tx))) return nothing;
    const subscriptionTypes = await tx.subscriptionType.createMany({ data: [...SEED_SUBSCRIPTION_TYPES] });
    const stories = await tx.story.createMany({
      data: SEED_STORIES.map(({ hoursAgo, ...story }) => ({ ...story, publishedAt: new Date(now - hoursAgo * 3_600_000) })),
    });
    const created = await tx.user.createMany({ data: users });
    return { seeded: true, subscriptionTypes: subscriptionTypes.count, stories: stories.count, users: created.count };
  });
  if (result.seeded) logger.info(result, "seeded the empty database");
  return result;
}

type Counter = Pick<PrismaClient, "subscriptionType" | "story" | "user">;

async function isEmpty(db: Counter): Promise<boolean> {
  const [types, stories, users] = await Promise.all([db.subscriptionType.count(), db.story.count(), db.user.count()]);
  return types === 0 && stories === 0 && users === 0;
}
