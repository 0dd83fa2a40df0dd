import { describe, expect, it } from "vitest";
import { AckedMessages } from "./acked-messages";

describe("AckedMessages", () => {
  it("says whether a socket acknowledged a message before, per channel, in any order", () => {
    const acked = new AckedMessages(10, 10);
    expect([3n, 1n, 2n].map((id) => acked.add("a", id))).toEqual([true, true, true]);
    expect([1n, 2n, 3n].map((id) => acked.add("a", id))).toEqual([false, false, false]);
    expect(acked.add("b", 1n)).toBe(true);
  });

  it("keeps the highest ids of a channel, which are the only ones a replay can send again", () => {
    const acked = new AckedMessages(3, 10);
    for (const id of [10n, 20n, 30n, 40n]) acked.add("a", id);
    // 10 fell out: below every id kept, it is older than any replay of this channel reaches.
    expect([20n, 30n, 40n].map((id) => acked.add("a", id))).toEqual([false, false, false]);
    expect(acked.add("a", 10n)).toBe(true);
    expect(acked.add("a", 35n)).toBe(true);
    expect(acked.add("a", 35n)).toBe(false);
  });

  it("forgets the channel acknowledged on longest ago past its channel limit", () => {
    const acked = new AckedMessages(3, 2);
    acked.add("a", 1n);
    acked.add("b", 2n);
    acked.add("a", 3n);
    acked.add("c", 4n);
    expect(acked.add("a", 1n)).toBe(false);
    expect(acked.add("b", 2n)).toBe(true);
  });
});
