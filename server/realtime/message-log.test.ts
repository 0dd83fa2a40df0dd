import { describe, expect, it } from "vitest";
import { describeMessageLogContract, inMemoryLogUnderTest } from "@/test/support/message-log-contract";
import { compareMessageIds, createInMemoryMessageLog } from "./message-log";

// The same contract runs against the Prisma log in test/db/prisma-message-log.test.ts.
describeMessageLogContract("the in-memory log", async () => inMemoryLogUnderTest());

describe("createInMemoryMessageLog", () => {
  it("compares ids as numbers, not strings", () => {
    expect(compareMessageIds("9", "10")).toBe(-1);
  });

  it("reports a gap when messages after the id were forgotten", async () => {
    const log = createInMemoryMessageLog({ maxPerChannel: 2 });
    for (const payload of [1, 2, 3]) await log.append({ name: "c" }, payload);
    expect((await log.readAfter({ name: "c" }, "0", { limit: 10, notBefore: new Date(0) })).complete).toBe(false);
    expect((await log.readAfter({ name: "c" }, "1", { limit: 10, notBefore: new Date(0) })).complete).toBe(true);
  });
});
