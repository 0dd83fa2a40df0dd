import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkDatabase, openDatabase, type Database } from "@/server/db/open-database";
import { isUniqueViolation } from "@/server/db/prisma-errors";
import { createThrowawayDatabase, TEST_DATABASE_URL } from "./support/real-postgres";
import { makeTempDir, removeTempDir } from "./support/temp-dir";

describe("openDatabase (embedded)", () => {
  let dataDir: string;
  let opened: Database[];

  const open = async (seedDemoUsers = true) => {
    const database = await openDatabase({ dataDir, seedDemoUsers });
    opened.push(database);
    return database;
  };

  beforeEach(() => {
    dataDir = makeTempDir("open");
    opened = [];
  });
  afterEach(async () => {
    for (const database of opened) await database.close();
    removeTempDir(dataDir);
  });

  it("starts on a fresh data dir migrated, seeded and healthy", async () => {
    const startedAt = performance.now();
    const { db, isEmbedded, connectionString } = await open();
    console.info(`openDatabase on a fresh data dir: ${Math.round(performance.now() - startedAt)} ms`);

    expect(isEmbedded).toBe(true);
    expect(connectionString).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres/);
    expect(await checkDatabase(db)).toBe(true);
    expect(await db.subscriptionType.count()).toBe(7);
    expect(await db.user.count()).toBe(2);
  });

  it("keeps the data across a restart on the same data dir, without seeding again", async () => {
    const first = await open();
    await first.db.user.create({ data: { email: "reader@example.com", name: "Reader", passwordHash: "x" } });
    await first.db.subscriptionType.deleteMany({ where: { channelResource: "health" } });
    await first.close();

    const startedAt = performance.now();
    const second = await open();
    console.info(`openDatabase on an existing data dir: ${Math.round(performance.now() - startedAt)} ms`);

    expect(await second.db.user.findUnique({ where: { email: "reader@example.com" } })).not.toBeNull();
    expect(await second.db.user.count()).toBe(3);
    expect(await second.db.subscriptionType.count()).toBe(6);
  });

  it("refuses a second open of the same data dir while the first is running", async () => {
    await open();

    await expect(openDatabase({ dataDir, seedDemoUsers: true })).rejects.toThrow(/already open in this process/);
  });

  it("reports unhealthy after close, and close twice is harmless", async () => {
    const database = await open();
    await database.close();
    await database.close();

    expect(await checkDatabase(database.db, { timeoutMs: 1_000 })).toBe(false);
  });

  // PGlite is one backend session behind pglite-socket's queue: check that Prisma's pool,
  // interactive transactions and errors behave as on a real server.
  it("runs pooled queries and interactive transactions concurrently without mixing them up", async () => {
    const { db } = await open(false);

    const transfers = Array.from({ length: 20 }, (_, i) =>
      db.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email: `tx${i}@example.com`, name: `Tx ${i}`, passwordHash: "x" } });
        await tx.subscription.create({ data: { id: user.id } });
        if (i % 4 === 0) throw new Error(`abort ${i}`); // rolled back: neither row may remain
        return user.id;
      }),
    );
    const reads = Array.from({ length: 50 }, (_, i) => db.$queryRaw<{ n: number }[]>`SELECT ${i}::int AS n`.then((rows) => rows[0]?.n));
    const duplicates = Array.from({ length: 10 }, () => db.story.create({ data: { slug: "same", title: "t", summary: "s", body: "b" } }));

    const [transferResults, readResults, duplicateResults] = await Promise.all([
      Promise.allSettled(transfers),
      Promise.all(reads),
      Promise.allSettled(duplicates),
    ]);

    expect(transferResults.filter((result) => result.status === "rejected")).toHaveLength(5);
    expect(await db.user.count()).toBe(15);
    expect(await db.subscription.count()).toBe(15);
    expect(readResults).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(duplicateResults.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of duplicateResults) {
      if (result.status === "rejected") expect(isUniqueViolation(result.reason)).toBe(true);
    }
  });
});

describe.runIf(TEST_DATABASE_URL)("openDatabase (PostgreSQL via TEST_DATABASE_URL)", () => {
  it("migrates and seeds a real PostgreSQL, and a second start changes nothing", async () => {
    const database = await createThrowawayDatabase(TEST_DATABASE_URL!);
    const dataDir = makeTempDir("open-pg");
    try {
      const [first, second] = await Promise.all([
        openDatabase({ dataDir, databaseUrl: database.connectionString, seedDemoUsers: true }),
        openDatabase({ dataDir, databaseUrl: database.connectionString, seedDemoUsers: true }),
      ]);
      expect(first.isEmbedded).toBe(false);
      expect(await first.db.subscriptionType.count()).toBe(7);
      expect(await second.db.user.count()).toBe(2);
      await first.close();
      await second.close();
    } finally {
      removeTempDir(dataDir);
      await database.drop();
    }
  });
});
