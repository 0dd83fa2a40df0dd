import { describe, expect, it } from "vitest";
import { AckedMessages } from "./acked-messages";

describe("AckedMessages", () => {
  it("says whether a socket acknowledged a message before, per channel, in any order", () => {
    const acked = new AckedMessages(10, 10);
    expect(["3", "1", "2"].map((id) => acked.add("a", id))).toEqual([true, true, true]);
    expect(["1", "2", "3"].map((id) => acked.add("a", id))).toEqual([false, false, false]);
    expect(acked.add("b", "1")).toBe(true);
  });

  it("keeps the highest ids of a channel, which are the only ones a replay can send again", () => {
    const acked = new AckedMessages(3, 10);
    for (const id of ["10", "20", "30", "40"]) acked.add("a", id);
    // 10 fell out: below every id kept, it is older than any replay of this channel reaches.
    expect(["20", "30", "40"].map((id) => acked.add("a", id))).toEqual([false, false, false]);
    expect(acked.add("a", "10")).toBe(true);
    expect(acked.add("a", "35")).toBe(true);
    expect(acked.add("a", "35")).toBe(false);
  });

  it("forgets the channel acknowledged on longest ago past its channel limit", () => {
    const acked = new AckedMessages(3, 2);
    acked.add("a", "1");
    acked.add("b", "2");
    acked.add("a", "3");
    acked.add("c", "4");
    expect(acked.add("a", "1")).toBe(false);
    expect(acked.add("b", "2")).toBe(true);
  });
});
