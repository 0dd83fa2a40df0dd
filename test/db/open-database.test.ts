import { spawn } from "node:child_process";
import { chmodSync, existsSync, statSync } from "node:fs";
import path from "node:path";
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
    // A Unix socket in the data dir, no TCP port (see "no other local account" below).
    expect(connectionString).toBe(`postgresql://postgres@${encodeURIComponent(path.join(dataDir, "socket"))}/postgres?sslmode=disable`);
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

  it("can't be reached by another local account: a Unix socket in a data dir only this account can enter", async () => {
    const { connectionString, db } = await open();
    expect(await connectAs(connectionString)).toBe("connected");
    // pglite-socket checks no password: only the socket's place keeps others out.
    if (process.getuid?.() === 0) expect(await connectAs(connectionString, NOBODY)).toBe("EACCES");
    else console.warn("open-database.test.ts: not root, so the other-account connection was not tried");
    for (const dir of [dataDir, path.join(dataDir, "pglite"), path.join(dataDir, "socket")]) {
      expect((statSync(dir).mode & 0o777).toString(8), dir).toBe("700");
    }
    expect(await checkDatabase(db)).toBe(true);
  });

  it("tightens a data dir that others could enter, and starts after a crash left its socket behind", async () => {
    chmodSync(dataDir, 0o755);
    const first = await open();
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe("700");
    await first.close();
    // A crashed process leaves its socket file behind; the next start must not trip over it.
    const socketFile = path.join(dataDir, "socket", ".s.PGSQL.5432");
    const crashed = spawn(process.execPath, ["-e", `require("node:net").createServer().listen(${JSON.stringify(socketFile)}, () => console.log("up"))`]);
    await new Promise((resolve) => crashed.stdout.once("data", resolve));
    crashed.kill("SIGKILL");
    await new Promise((resolve) => crashed.once("exit", resolve));
    expect(existsSync(socketFile)).toBe(true);
    expect(await checkDatabase((await open()).db)).toBe(true);
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

const NOBODY = { uid: 65534, gid: 65534 };
const PG = path.resolve(import.meta.dirname, "../../node_modules/pg");

/** Connects with pg from a separate process (as `account` when given): "connected" or the error code. */
function connectAs(connectionString: string, account?: { uid: number; gid: number }): Promise<string> {
  const script = `
    const pg = require(process.env.PG);
    const client = new pg.Client({ connectionString: process.env.CONNECTION, connectionTimeoutMillis: 5000 });
    client.connect().then(
      () => client.query("select 1").then(() => { console.log("connected"); return client.end(); }),
      (error) => console.log(error.code ?? error.message),
    );`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script], { cwd: "/", env: { ...process.env, PG, CONNECTION: connectionString }, ...account });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", () => resolve(output.trim()));
  });
}
