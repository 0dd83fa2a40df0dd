import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelRef } from "@/lib/realtime/contract";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import { pruneMessageLog } from "@/server/db/message-log-pruning";
import { openDatabase, type Database } from "@/server/db/open-database";
import { createPrismaMessageLog } from "@/server/db/prisma-message-log";
import { describeMessageLogContract } from "../support/message-log-contract";
import { createThrowawayDatabase, TEST_DATABASE_URL, type ThrowawayDatabase } from "./support/real-postgres";
import { makeTempDir, removeTempDir } from "./support/temp-dir";

// The log production uses, on the embedded database always and on PostgreSQL when
// TEST_DATABASE_URL is set: the MessageLog contract the in-memory log is held to too, that its
// reads stay bounded however long a channel's history, and pruning past the replay window.

const HOUR_MS = 60 * 60 * 1000;

const backends = [
  { name: "the embedded database", databaseUrl: async () => undefined },
  ...(TEST_DATABASE_URL ? [{ name: "PostgreSQL (TEST_DATABASE_URL)", databaseUrl: () => createThrowawayDatabase(TEST_DATABASE_URL!) }] : []),
];

for (const backend of backends) {
  describe(`the Prisma message log on ${backend.name}`, () => {
    let throwaway: ThrowawayDatabase | undefined;
    let opened: Database;
    let dataDir: string;

    beforeAll(async () => {
      throwaway = await backend.databaseUrl();
      dataDir = makeTempDir("prisma-message-log");
      opened = await openDatabase({ dataDir, databaseUrl: throwaway?.connectionString, seedDemoUsers: false });
    });
    afterAll(async () => {
      await opened?.close();
      await throwaway?.drop();
      removeTempDir(dataDir);
    });

    /** An empty log, and messages logged as if published at a given time. */
    async function emptyLog(db: PrismaClient = opened.db) {
      await opened.db.realtimeMessage.deleteMany();
      const log = createPrismaMessageLog(db);
      const appendAt = async (channel: ChannelRef, payload: unknown, publishedAt: Date) => {
        const { id } = await log.append(channel, payload);
        await opened.db.realtimeMessage.update({ where: { id: BigInt(id) }, data: { publishedAt } });
        return { id };
      };
      return { log, appendAt };
    }

    describeMessageLogContract("the Prisma log", () => emptyLog());

    it("reads a channel with LIMIT-bounded queries only, never counting its history", async () => {
      const operations: { operation: string; args: unknown }[] = [];
      const spied = opened.db.$extends({
        query: {
          realtimeMessage: {
            async $allOperations({ operation, args, query }) {
              operations.push({ operation, args });
              return query(args);
            },
          },
        },
      }) as unknown as PrismaClient;
      const { log } = await emptyLog(spied);
      const channel = { name: "long-history" };
      for (let i = 0; i < 30; i++) await log.append(channel, i);
      operations.length = 0;

      const replay = await log.readAfter(channel, "0", { limit: 5, notBefore: new Date(0) });
      await log.latestId(channel);

      expect(replay.messages.map((message) => message.payload)).toEqual([25, 26, 27, 28, 29]);
      expect(replay.complete).toBe(false);
      // The log reads through the model API, so every read shows here: each takes at most
      // limit + 1 rows (the one past the limit says there was more); no count, no aggregate.
      expect(operations.map(({ operation }) => operation).sort()).toEqual(["findFirst", "findMany"]);
      for (const { operation, args } of operations) {
        const take = (args as { take?: number }).take;
        if (operation === "findMany") expect(take !== undefined && Math.abs(take) <= 6).toBe(true);
      }
    });

    describe("pruning past the replay window", () => {
      const now = Date.now();
      const cutoff = new Date(now - 24 * HOUR_MS);
      const A = { name: "prune-a" };
      const B = { name: "prune-b", resourceId: "r" };
      const C = { name: "prune-c" };

      /** Five old and two fresh messages on A, three old on B, one old on C; ids in time order. */
      async function logWithHistory() {
        const { log, appendAt } = await emptyLog();
        let minute = 0;
        const old = () => new Date(now - 72 * HOUR_MS + minute++ * 60_000);
        const ids: Record<string, string[]> = { a: [], b: [], c: [] };
        for (let i = 0; i < 5; i++) ids.a!.push((await appendAt(A, `a old ${i}`, old())).id);
        for (let i = 0; i < 3; i++) ids.b!.push((await appendAt(B, `b old ${i}`, old())).id);
        ids.c!.push((await appendAt(C, "c old", old())).id);
        for (let i = 0; i < 2; i++) ids.a!.push((await log.append(A, `a fresh ${i}`)).id);
        return { log, ids };
      }

      const payloadsOn = async (channel: ChannelRef) =>
        (await opened.db.realtimeMessage.findMany({ where: { channelName: channel.name, resourceId: channel.resourceId ?? "" }, orderBy: { id: "asc" } })).map(
          (row) => row.payload,
        );

      it("deletes what is older than the window in batches, keeping the newest old message of each channel", async () => {
        await logWithHistory();
        expect(await pruneMessageLog(opened.db, { before: cutoff, batchSize: 2 })).toBe(6);
        expect(await payloadsOn(A)).toEqual(["a old 4", "a fresh 0", "a fresh 1"]);
        expect(await payloadsOn(B)).toEqual(["b old 2"]);
        expect(await payloadsOn(C)).toEqual(["c old"]);
        expect(await pruneMessageLog(opened.db, { before: cutoff })).toBe(0);
      });

      it("leaves a replay across the pruned messages saying the gap is not filled, and one after them complete", async () => {
        const { log, ids } = await logWithHistory();
        await pruneMessageLog(opened.db, { before: cutoff });
        const window = { limit: 100, notBefore: cutoff };

        const acrossTheGap = await log.readAfter(A, ids.a![0]!, window);
        expect(acrossTheGap.messages.map((message) => message.payload)).toEqual(["a fresh 0", "a fresh 1"]);
        expect(acrossTheGap.complete).toBe(false);
        expect(await log.readAfter(B, "0", window)).toEqual({ messages: [], complete: false });

        const afterTheGap = await log.readAfter(A, ids.a![4]!, window);
        expect(afterTheGap.messages.map((message) => message.payload)).toEqual(["a fresh 0", "a fresh 1"]);
        expect(afterTheGap.complete).toBe(true);
      });
    });
  });
}
