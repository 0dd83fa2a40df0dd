import { describe, expect, it } from "vitest";
import { createCoalescingLoader } from "./coalescing-loader";

describe("createCoalescingLoader", () => {
  it("serves requests of one tick with one batch, and those made meanwhile with the next", async () => {
    const batches: string[][] = [];
    let version = 0;
    const load = createCoalescingLoader(async (keys: string[]) => {
      batches.push(keys);
      version += 1;
      const loadedAs = version;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return new Map(keys.map((key) => [key, `${key}@${loadedAs}`]));
    });

    const first = [load("a"), load("b"), load("a")];
    await new Promise((resolve) => setTimeout(resolve, 2)); // the first batch is loading
    const second = [load("a"), load("c")];

    expect(await Promise.all(first)).toEqual(["a@1", "b@1", "a@1"]);
    // Asked after the first batch began: never served from it, so never older than the request.
    expect(await Promise.all(second)).toEqual(["a@2", "c@2"]);
    expect(batches).toEqual([["a", "b"], ["a", "c"]]);
  });

  it("rejects every request of a failed batch and keeps serving later ones", async () => {
    let shouldFail = true;
    const load = createCoalescingLoader(async (keys: number[]) => {
      if (shouldFail) throw new Error("database down");
      return new Map(keys.map((key) => [key, key * 2]));
    });
    await expect(Promise.all([load(1), load(2)])).rejects.toThrow("database down");
    shouldFail = false;
    expect(await Promise.all([load(1), load(2)])).toEqual([2, 4]);
  });

  it("splits a batch larger than maxBatch, and answers undefined for a key the batch did not return", async () => {
    const batches: number[][] = [];
    const load = createCoalescingLoader(
      async (keys: number[]) => {
        batches.push(keys);
        return new Map(keys.filter((key) => key !== 3).map((key) => [key, key]));
      },
      { maxBatch: 2 },
    );
    expect(await Promise.all([1, 2, 3, 4, 5].map(load))).toEqual([1, 2, undefined, 4, 5]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });
});
