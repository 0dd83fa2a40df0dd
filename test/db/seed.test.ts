import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "@/server/auth/password";
import { createPrismaClient } from "@/server/db/create-prisma-client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/server/db/embedded-postgres";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import { applyMigrations } from "@/server/db/migrate";
import { seedIfEmpty } from "@/server/db/seed";
import { makeTempDir, removeTempDir } from "./support/temp-dir";

describe("seedIfEmpty", () => {
  let dataDir: string;
  let postgres: EmbeddedPostgres;
  let db: PrismaClient;

  beforeEach(async () => {
    dataDir = makeTempDir("seed");
    postgres = await startEmbeddedPostgres({ dataDir });
    await applyMigrations(postgres.connectionString);
    db = createPrismaClient(postgres.connectionString, { maxConnections: 4 });
  });
  afterEach(async () => {
    await db.$disconnect();
    await postgres.close();
    removeTempDir(dataDir);
  });

  it("creates the subscription types, stories and demo accounts in an empty database", async () => {
    const result = await seedIfEmpty(db, { seedDemoUsers: true });

    expect(result).toMatchObject({ seeded: true, subscriptionTypes: 7, users: 2 });
    const types = await db.subscriptionType.findMany({ orderBy: { position: "asc" } });
    expect(types.map((type) => [type.type, type.channelName, type.channelResource])).toEqual([
      ["Weather", "members", "weather"],
      ["Politics", "members", "politics"],
      ["Regional", "members", "regional"],
      ["Sports", "members", "sports"],
      ["Business", "members", "business"],
      ["Technology", "members", "technology"],
      ["Health", "members", "health"],
    ]);
    const stories = await db.story.findMany({ orderBy: { publishedAt: "desc" } });
    expect(stories.length).toBeGreaterThanOrEqual(5);
    for (const story of stories) {
      expect(story.slug).toMatch(/^[a-z0-9-]+$/);
      expect(story.body.split("\n\n").length).toBeGreaterThanOrEqual(2);
    }
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    const member = await db.user.findUniqueOrThrow({ where: { email: "member@example.com" } });
    expect([admin.name, admin.role, member.name, member.role]).toEqual(["Admin", "ADMIN", "Member", "MEMBER"]);
    expect(await verifyPassword(admin.passwordHash, "admin1234")).toBe(true);
    expect(await verifyPassword(member.passwordHash, "member1234")).toBe(true);
    expect(await verifyPassword(member.passwordHash, "admin1234")).toBe(false);
  });

  it("runs once: a second call changes nothing, even after an admin removed a type", async () => {
    await seedIfEmpty(db, { seedDemoUsers: true });
    await db.subscriptionType.delete({ where: { channelName_channelResource: { channelName: "members", channelResource: "health" } } });

    const again = await seedIfEmpty(db, { seedDemoUsers: true });

    expect(again.seeded).toBe(false);
    expect(await db.subscriptionType.count()).toBe(6);
    expect(await db.user.count()).toBe(2);
  });

  it("leaves the demo accounts out when seedDemoUsers is false", async () => {
    const result = await seedIfEmpty(db, { seedDemoUsers: false });

    expect(result).toMatchObject({ seeded: true, users: 0 });
    expect(await db.user.count()).toBe(0);
    expect(await db.subscriptionType.count()).toBe(7);
  });

  it("does not seed a database that already has users", async () => {
    await db.user.create({ data: { email: "someone@example.com", name: "Someone", passwordHash: "x" } });

    expect((await seedIfEmpty(db, { seedDemoUsers: true })).seeded).toBe(false);
    expect(await db.subscriptionType.count()).toBe(0);
  });

  it("seeds once when two callers race on an empty database", async () => {
    const results = await Promise.all([seedIfEmpty(db, { seedDemoUsers: true }), seedIfEmpty(db, { seedDemoUsers: true })]);

    expect(results.filter((result) => result.seeded)).toHaveLength(1);
    expect(await db.subscriptionType.count()).toBe(7);
    expect(await db.user.count()).toBe(2);
  });
});
