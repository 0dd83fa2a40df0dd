import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChannelRef, RealtimeMessage } from "@/lib/realtime/contract";
import { createInMemoryMessageLog, type MessageLog } from "./message-log";
import { RecentMessages } from "./recent-messages";

const EVERY_AGE = new Date(0);
const weather: ChannelRef = { name: "members", resourceId: "weather" };
const visitors: ChannelRef = { name: "visitors" };

/** A log that counts its replay reads, and a publish that logs then delivers, as the server does. */
function setUp(limit: number) {
  const stored = createInMemoryMessageLog();
  let logReads = 0;
  const counted: MessageLog = {
    ...stored,
    readAfter: (...args) => {
      logReads += 1;
      return stored.readAfter(...args);
    },
  };
  const recent = new RecentMessages(limit + 1);
  const log = recent.over(counted);
  const publish = async (channel: ChannelRef, payload: unknown): Promise<RealtimeMessage> => {
    const { id, publishedAt } = await log.append(channel, payload);
    const message: RealtimeMessage = { id, channel, payload, publishedAt: publishedAt.toISOString() };
    recent.add(message);
    return message;
  };
  return { stored, log, publish, logReads: () => logReads };
}

describe("RecentMessages", () => {
  it("answers a replay from memory once a log read has shown it holds the channel's tail", async () => {
    const { log, publish, logReads } = setUp(3);
    const first = await publish(weather, "one");
    await publish(weather, "two");

    // Messages delivered since the start prove nothing about what was logged before it: the log answers.
    expect(await log.readAfter(weather, "0", { limit: 3, notBefore: EVERY_AGE })).toMatchObject({ complete: true, messages: [{ payload: "one" }, { payload: "two" }] });
    expect(logReads()).toBe(1);

    await publish(weather, "three");
    expect(await log.readAfter(weather, first.id, { limit: 3, notBefore: EVERY_AGE })).toMatchObject({ complete: true, messages: [{ payload: "two" }, { payload: "three" }] });
    expect(await log.readAfter(weather, "0", { limit: 3, notBefore: EVERY_AGE })).toMatchObject({ complete: true });
    expect(logReads()).toBe(1);
  });

  it("serves what it trimmed only when more than the limit is newer anyway, and otherwise asks the log", async () => {
    const { log, publish, logReads } = setUp(2);
    const ids: string[] = [];
    for (const text of ["a", "b", "c", "d", "e"]) ids.push((await publish(weather, text)).id);
    // A complete answer seeds the window: every message after c is known to be here (it holds c, d, e).
    expect(await log.readAfter(weather, ids[2]!, { limit: 2, notBefore: EVERY_AGE })).toMatchObject({ complete: true, messages: [{ payload: "d" }, { payload: "e" }] });
    expect(logReads()).toBe(1);

    // After a: b was trimmed, but c, d, e are newer, more than the limit: the newest 2, incomplete, as the log says.
    expect(await log.readAfter(weather, ids[0]!, { limit: 2, notBefore: EVERY_AGE })).toEqual({ complete: false, messages: [expect.objectContaining({ payload: "d" }), expect.objectContaining({ payload: "e" })] });
    expect(logReads()).toBe(1);
    // After d with a limit of 1: from memory too; with a limit of 3 the window (3 messages) can't say whether more were left out: the log.
    await log.readAfter(weather, ids[3]!, { limit: 1, notBefore: EVERY_AGE });
    expect(logReads()).toBe(1);
    await log.readAfter(weather, ids[0]!, { limit: 3, notBefore: EVERY_AGE });
    expect(logReads()).toBe(2);
  });

  it("learns nothing from an incomplete answer: a later replay across its gap still asks the log", async () => {
    const { stored, log, logReads } = setUp(2);
    const ids: string[] = [];
    // Logged before this server started, never delivered by it.
    for (const text of ["a", "b", "c", "d"]) ids.push((await stored.append(weather, text)).id);
    expect(await log.readAfter(weather, "0", { limit: 2, notBefore: EVERY_AGE })).toMatchObject({ complete: false, messages: [{ payload: "c" }, { payload: "d" }] });
    // After a: b, c, d are newer, more than the limit: incomplete, though the window holds just c and d.
    expect(await log.readAfter(weather, ids[0]!, { limit: 2, notBefore: EVERY_AGE })).toMatchObject({ complete: false, messages: [{ payload: "c" }, { payload: "d" }] });
    expect(logReads()).toBe(2);
  });

  it("creates no window for a channel with nothing logged, so made-up channels cost no memory", async () => {
    const { log, logReads } = setUp(3);
    for (let index = 0; index < 3; index += 1) await log.readAfter({ name: `made-up-${index}` }, "0", { limit: 3, notBefore: EVERY_AGE });
    await log.readAfter({ name: "made-up-0" }, "0", { limit: 3, notBefore: EVERY_AGE });
    expect(logReads()).toBe(4);
  });

  it("answers every replay exactly as the log does, whatever was logged before the start, published, delivered and asked", async () => {
    type Step = { kind: "publish"; channel: 0 | 1 } | { kind: "read"; channel: 0 | 1; after: number; limit: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant("publish" as const), channel: fc.constantFrom(0 as const, 1 as const) }),
      fc.record({ kind: fc.constant("read" as const), channel: fc.constantFrom(0 as const, 1 as const), after: fc.nat(40), limit: fc.integer({ min: 0, max: 4 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(0, 1), { maxLength: 15 }), fc.array(step, { maxLength: 60 }), async (beforeStart, steps) => {
        const { stored, log, publish } = setUp(4);
        const channels = [weather, visitors];
        // Logged before this server started (a restart): in the log, never delivered here.
        for (const channel of beforeStart) await stored.append(channels[channel]!, "from before the restart");
        for (const [index, current] of steps.entries()) {
          const channel = channels[current.channel]!;
          if (current.kind === "publish") {
            await publish(channel, index);
            continue;
          }
          const options = { limit: current.limit, notBefore: EVERY_AGE };
          expect(await log.readAfter(channel, String(current.after), options)).toEqual(await stored.readAfter(channel, String(current.after), options));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("stays complete when a message is logged and delivered while the seeding read is under way", async () => {
    const stored = createInMemoryMessageLog();
    const recent = new RecentMessages(4);
    const deliver = async (payload: string) => {
      const { id, publishedAt } = await stored.append(weather, payload);
      recent.add({ id, channel: weather, payload, publishedAt: publishedAt.toISOString() });
    };
    let duringRead: (() => Promise<void>) | undefined;
    let logReads = 0;
    const log = recent.over({
      ...stored,
      readAfter: async (...args) => {
        logReads += 1;
        const answer = await stored.readAfter(...args);
        const during = duringRead;
        duringRead = undefined;
        await during?.();
        return answer;
      },
    });
    await deliver("before");
    duringRead = () => deliver("during");
    expect(await log.readAfter(weather, "0", { limit: 3, notBefore: EVERY_AGE })).toMatchObject({ messages: [{ payload: "before" }] });

    // From memory now, with the message the seeding read did not see.
    expect(await log.readAfter(weather, "0", { limit: 3, notBefore: EVERY_AGE })).toMatchObject({ complete: true, messages: [{ payload: "before" }, { payload: "during" }] });
    expect(logReads).toBe(1);
  });
});
