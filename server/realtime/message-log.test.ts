import { describe, expect, it } from "vitest";
import { compareMessageIds, createInMemoryMessageLog } from "./message-log";

describe("createInMemoryMessageLog", () => {
  it("hands out ids in publish order across channels", async () => {
    const log = createInMemoryMessageLog();
    const first = await log.append({ name: "a" }, 1);
    const second = await log.append({ name: "b" }, 2);
    const third = await log.append({ name: "a" }, 3);
    expect(compareMessageIds(first.id, second.id)).toBe(-1);
    expect(compareMessageIds(third.id, second.id)).toBe(1);
  });

  it("compares ids as numbers, not strings", () => {
    expect(compareMessageIds("9", "10")).toBe(-1);
  });

  it("reads one exact channel after an id, oldest first", async () => {
    const log = createInMemoryMessageLog();
    const since = await log.append({ name: "members" }, "old");
    await log.append({ name: "members", resourceId: "weather" }, "resource");
    await log.append({ name: "members" }, "one");
    await log.append({ name: "members" }, "two");
    const result = await log.readAfter({ name: "members" }, since.id, { limit: 10, notBefore: new Date(0) });
    expect(result.messages.map((message) => message.payload)).toEqual(["one", "two"]);
    expect(result.complete).toBe(true);
  });

  it("keeps the newest messages within the limit and says the gap is not filled", async () => {
    const log = createInMemoryMessageLog();
    for (const payload of [1, 2, 3, 4]) await log.append({ name: "c" }, payload);
    const result = await log.readAfter({ name: "c" }, "0", { limit: 2, notBefore: new Date(0) });
    expect(result.messages.map((message) => message.payload)).toEqual([3, 4]);
    expect(result.complete).toBe(false);
  });

  it("leaves out messages older than notBefore", async () => {
    let now = new Date("2025-01-01T00:00:00Z");
    const log = createInMemoryMessageLog({ now: () => now });
    await log.append({ name: "c" }, "stale");
    now = new Date("2025-01-02T00:00:00Z");
    await log.append({ name: "c" }, "fresh");
    const result = await log.readAfter({ name: "c" }, "0", { limit: 10, notBefore: new Date("2025-01-01T12:00:00Z") });
    expect(result.messages.map((message) => message.payload)).toEqual(["fresh"]);
    expect(result.complete).toBe(false);
  });

  it("reports a gap when messages after the id were forgotten", async () => {
    const log = createInMemoryMessageLog({ maxPerChannel: 2 });
    for (const payload of [1, 2, 3]) await log.append({ name: "c" }, payload);
    expect((await log.readAfter({ name: "c" }, "0", { limit: 10, notBefore: new Date(0) })).complete).toBe(false);
    expect((await log.readAfter({ name: "c" }, "1", { limit: 10, notBefore: new Date(0) })).complete).toBe(true);
  });
});
