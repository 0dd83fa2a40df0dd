import { beforeEach, describe, expect, it } from "vitest";
import type { ChannelRef, MessageId, Subscriber } from "@/lib/realtime/contract";
import { compareMessageIds, createInMemoryMessageLog, type MessageLog } from "@/server/realtime/message-log";

/** A log to test, empty, and a way to log a message as if published at a given time. */
export type LogUnderTest = {
  log: MessageLog;
  appendAt: (channel: ChannelRef, payload: unknown, publishedAt: Date) => Promise<{ id: MessageId }>;
};

/** An in-memory log under test; `wrap` puts something around it (e.g. coalesced reads). */
export function inMemoryLogUnderTest(wrap: (log: MessageLog) => MessageLog = (log) => log): LogUnderTest {
  let clock: Date | undefined;
  const log = createInMemoryMessageLog({ now: () => clock ?? new Date() });
  return {
    log: wrap(log),
    async appendAt(channel, payload, publishedAt) {
      clock = publishedAt;
      try {
        return await log.append(channel, payload);
      } finally {
        clock = undefined;
      }
    },
  };
}

const ANY_TIME = { notBefore: new Date(0) };
const HOUR_MS = 60 * 60 * 1000;

/**
 * What every MessageLog must do (server/realtime/message-log.ts), run against each one: the
 * in-memory log the realtime tests use and the Prisma log production uses, on the embedded
 * database and on PostgreSQL (test/db/prisma-message-log.test.ts).
 */
export function describeMessageLogContract(name: string, open: () => Promise<LogUnderTest>): void {
  describe(`${name}: the MessageLog contract`, () => {
    let log: MessageLog;
    let appendAt: LogUnderTest["appendAt"];
    beforeEach(async () => {
      ({ log, appendAt } = await open());
    });

    const payloadsOf = (result: { messages: { payload: unknown }[] }) => result.messages.map((message) => message.payload);

    it("hands out ids in publish order across channels", async () => {
      const first = await log.append({ name: "a" }, 1);
      const second = await log.append({ name: "b" }, 2);
      const third = await log.append({ name: "a" }, 3);
      expect(compareMessageIds(first.id, second.id)).toBe(-1);
      expect(compareMessageIds(third.id, second.id)).toBe(1);
    });

    it("reads one exact channel after an id, oldest first, with what was logged", async () => {
      const publisher: Subscriber = { type: "Admin", id: "admin-1" };
      const since = await log.append({ name: "members" }, "old");
      await log.append({ name: "members", resourceId: "weather" }, "resource");
      await log.append({ name: "other" }, "other channel");
      const one = await log.append({ name: "members" }, { text: "one" }, publisher);
      await log.append({ name: "members" }, "two");
      const result = await log.readAfter({ name: "members" }, since.id, { limit: 10, ...ANY_TIME });
      expect(payloadsOf(result)).toEqual([{ text: "one" }, "two"]);
      expect(result.complete).toBe(true);
      expect(result.messages[0]).toEqual({ id: one.id, channel: { name: "members" }, payload: { text: "one" }, publishedAt: one.publishedAt.toISOString(), publisher });
      expect(payloadsOf(await log.readAfter({ name: "members", resourceId: "weather" }, "0", { limit: 10, ...ANY_TIME }))).toEqual(["resource"]);
    });

    it("is complete and empty when nothing came after the id, or the channel has nothing", async () => {
      const last = await log.append({ name: "c" }, "seen");
      expect(await log.readAfter({ name: "c" }, last.id, { limit: 10, ...ANY_TIME })).toEqual({ messages: [], complete: true });
      expect(await log.readAfter({ name: "empty" }, "0", { limit: 10, ...ANY_TIME })).toEqual({ messages: [], complete: true });
    });

    it("keeps the newest messages within the limit and says the gap is not filled", async () => {
      for (const payload of [1, 2, 3, 4]) await log.append({ name: "c" }, payload);
      const fromTheStart = await log.readAfter({ name: "c" }, "0", { limit: 2, ...ANY_TIME });
      expect(payloadsOf(fromTheStart)).toEqual([3, 4]);
      expect(fromTheStart.complete).toBe(false);
      const exactlyTheLimit = await log.readAfter({ name: "c" }, "0", { limit: 4, ...ANY_TIME });
      expect(payloadsOf(exactlyTheLimit)).toEqual([1, 2, 3, 4]);
      expect(exactlyTheLimit.complete).toBe(true);
    });

    it("sends nothing with a limit of 0, and says whether anything was missed", async () => {
      const seen = await log.append({ name: "c" }, 1);
      await log.append({ name: "c" }, 2);
      expect(await log.readAfter({ name: "c" }, "0", { limit: 0, ...ANY_TIME })).toEqual({ messages: [], complete: false });
      expect(await log.readAfter({ name: "c" }, seen.id, { limit: 0, ...ANY_TIME })).toEqual({ messages: [], complete: false });
    });

    it("leaves out messages older than notBefore and says the gap is not filled", async () => {
      const now = Date.now();
      await appendAt({ name: "c" }, "stale", new Date(now - 2 * HOUR_MS));
      await appendAt({ name: "c" }, "fresh", new Date(now));
      const notBefore = new Date(now - HOUR_MS);
      const result = await log.readAfter({ name: "c" }, "0", { limit: 10, notBefore });
      expect(payloadsOf(result)).toEqual(["fresh"]);
      expect(result.complete).toBe(false);
    });

    it("knows the newest id of exactly one channel, and '0' for one with none", async () => {
      expect(await log.latestId({ name: "c" })).toBe("0");
      await log.append({ name: "c" }, 1);
      const newest = await log.append({ name: "c" }, 2);
      await log.append({ name: "c", resourceId: "r" }, 3);
      await log.append({ name: "d" }, 4);
      expect(await log.latestId({ name: "c" })).toBe(newest.id);
    });
  });
}
