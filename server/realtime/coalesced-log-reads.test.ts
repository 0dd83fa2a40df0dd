import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChannelRef } from "@/lib/realtime/contract";
import { coalesceLogReads } from "./coalesced-log-reads";
import { describeMessageLogContract, inMemoryLogUnderTest } from "@/test/support/message-log-contract";
import { createInMemoryMessageLog, type MessageLog } from "./message-log";

const CHANNELS: ChannelRef[] = [{ name: "visitors" }, { name: "members", resourceId: "weather" }, { name: "members", resourceId: "sports" }];
const START = Date.parse("2026-12-01T00:00:00Z");

/** A log with these appends (channel index, seconds after the previous), on a clock of its own. */
async function logWith(appends: [number, number][]): Promise<{ log: MessageLog; ids: string[] }> {
  let now = START;
  const log = createInMemoryMessageLog({ maxPerChannel: 8, now: () => new Date(now) });
  const ids: string[] = [];
  for (const [channel, seconds] of appends) {
    now += seconds * 1000;
    ids.push((await log.append(CHANNELS[channel]!, { n: ids.length })).id);
  }
  return { log, ids };
}

/** A log whose reads wait until `release` is called, counting them. */
function slowed(log: MessageLog) {
  let release: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (release = resolve));
  const counted = {
    reads: 0,
    release: () => {
      release();
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    log: {
      ...log,
      async readAfter(...args: Parameters<MessageLog["readAfter"]>) {
        counted.reads += 1;
        await gate;
        return log.readAfter(...args);
      },
    } satisfies MessageLog,
  };
  return counted;
}

// Whatever the log beneath does, the coalesced one does too.
describeMessageLogContract("the in-memory log, coalesced", async () => inMemoryLogUnderTest(coalesceLogReads));

describe("coalesceLogReads", () => {
  it("answers every concurrent read exactly as the log would have answered it alone", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(CHANNELS.length - 1), fc.nat(120)), { maxLength: 40 }),
        fc.array(
          fc.record({
            channel: fc.nat(CHANNELS.length - 1),
            // an index into the logged ids (past the end: "0", nothing seen yet)
            since: fc.nat(45),
            limit: fc.integer({ min: 0, max: 6 }),
            // how far back the reader's replay window reaches, in seconds before the log's start + 1 h
            windowSeconds: fc.nat(3600),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        async (appends, reads) => {
          const { log, ids } = await logWith(appends);
          const requests = reads.map(({ channel, since, limit, windowSeconds }) => ({
            channel: CHANNELS[channel]!,
            afterId: ids[since] ?? "0",
            options: { limit, notBefore: new Date(START + 3_600_000 - windowSeconds * 1000) },
          }));
          const alone = [];
          for (const request of requests) alone.push(await log.readAfter(request.channel, request.afterId, request.options));

          const coalesced = coalesceLogReads(log);
          const together = await Promise.all(requests.map((request) => coalesced.readAfter(request.channel, request.afterId, request.options)));

          expect(together).toEqual(alone);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("serves identical reads asked together with one read of the log", async () => {
    const { log, ids } = await logWith([[0, 1], [0, 1], [1, 1], [0, 1]]);
    const counted = slowed(log);
    const coalesced = coalesceLogReads(counted.log);
    const options = { limit: 100, notBefore: new Date(0) };

    const answers = Array.from({ length: 50 }, () => coalesced.readAfter(CHANNELS[0]!, ids[0]!, options));
    const other = coalesced.readAfter(CHANNELS[1]!, "0", options);
    await new Promise((resolve) => setTimeout(resolve, 5));
    counted.release();

    const results = await Promise.all(answers);
    expect(results.every((result) => result.messages.map((message) => message.id).join() === [ids[1], ids[3]].join())).toBe(true);
    expect((await other).messages.map((message) => message.id)).toEqual([ids[2]]);
    expect(counted.reads).toBe(2);
  });

  it("never serves a reader from a read that began before it asked: what was logged meanwhile is in its answer", async () => {
    const { log, ids } = await logWith([[0, 1]]);
    const counted = slowed(log);
    const coalesced = coalesceLogReads(counted.log);
    const options = { limit: 100, notBefore: new Date(0) };

    const early = coalesced.readAfter(CHANNELS[0]!, ids[0]!, options);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the first read is under way
    const logged = await log.append(CHANNELS[0]!, { n: "meanwhile" });
    const late = coalesced.readAfter(CHANNELS[0]!, ids[0]!, options);
    counted.release();
    await early;
    await new Promise((resolve) => setTimeout(resolve, 5));
    counted.release();

    expect((await late).messages.map((message) => message.id)).toEqual([logged.id]);
    expect(counted.reads).toBe(2);
  });

  it("fails only the readers of a read that failed", async () => {
    const { log } = await logWith([[0, 1], [1, 1]]);
    const failing: MessageLog = {
      ...log,
      async readAfter(channel, afterId, options) {
        if (channel.resourceId === "weather") throw new Error("disk on fire");
        return log.readAfter(channel, afterId, options);
      },
    };
    const coalesced = coalesceLogReads(failing);
    const options = { limit: 10, notBefore: new Date(0) };

    const [visitors, weather] = await Promise.allSettled([coalesced.readAfter(CHANNELS[0]!, "0", options), coalesced.readAfter(CHANNELS[1]!, "0", options)]);

    expect(visitors).toMatchObject({ status: "fulfilled", value: { complete: true } });
    expect(weather).toMatchObject({ status: "rejected", reason: new Error("disk on fire") });
  });
});
