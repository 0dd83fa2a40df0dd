import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/server/db/open-database";
import { createPrismaMessageLog } from "@/server/db/prisma-message-log";
import { createThrowawayDatabase, TEST_DATABASE_URL, type ThrowawayDatabase } from "./support/real-postgres";
import { makeTempDir, removeTempDir } from "./support/temp-dir";

// Replay asks for the messages after the last id a client saw, so an id must never become
// visible after a higher one did: with concurrent appends (several pool connections here, as
// several instances would be), the log must show its ids as a gap-free prefix at every moment.

describe.runIf(TEST_DATABASE_URL)("the message log on PostgreSQL (TEST_DATABASE_URL)", () => {
  let database: ThrowawayDatabase;
  let opened: Database;
  let dataDir: string;

  beforeAll(async () => {
    database = await createThrowawayDatabase(TEST_DATABASE_URL!);
    dataDir = makeTempDir("message-log-order");
    opened = await openDatabase({ dataDir, databaseUrl: database.connectionString, seedDemoUsers: false });
  });
  afterAll(async () => {
    await opened?.close();
    await database?.drop();
    removeTempDir(dataDir);
  });

  it("never shows an id before every lower id is visible, under concurrent appends", async () => {
    const log = createPrismaMessageLog(opened.db);
    const channel = { name: "order-test" };
    let isAppending = true;
    const gaps: string[] = [];
    const watching = (async () => {
      while (isAppending) {
        const rows = await opened.db.realtimeMessage.findMany({ select: { id: true }, orderBy: { id: "asc" } });
        const ids = rows.map((row) => Number(row.id));
        const firstGap = ids.findIndex((id, index) => index > 0 && id !== ids[index - 1]! + 1);
        if (firstGap > 0) gaps.push(`${ids[firstGap - 1]} then ${ids[firstGap]}`);
      }
    })();
    // Batches of concurrent appends: as many at once as the pool has connections, and more.
    for (let batch = 0; batch < 40; batch += 1) {
      await Promise.all(Array.from({ length: 8 }, (_, i) => log.append(channel, { batch, i })));
    }
    isAppending = false;
    await watching;
    expect(await opened.db.realtimeMessage.count()).toBe(320);
    expect(gaps).toEqual([]);
  });
});
